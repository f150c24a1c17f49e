#!/usr/bin/env bash
#
# run-cases.sh - test harness for templates/submit-job.sh.
#
# Usage:
#   bash tests/submit_job_script/run-cases.sh [path/to/submit-job.sh]
#
# The script path defaults to ../../templates/submit-job.sh relative to this
# file; the harness works from any working directory. It runs the real
# script with bash against fakes kept in a private temporary directory:
#
#   curl   first on PATH. FAKE_CURL_PATTERN holds one letter per call
#          (S = success: prints {"jobs":[]} and exits 0; F = failure: prints a
#          connection error to stderr and exits 7); the last letter repeats
#          for further calls. Calls are counted in $FAKE_STATE/curl_count and
#          the arguments of the last call are kept in $FAKE_STATE/curl_argv.
#   flink  passed via FLINK_BIN. Writes its argv, one per line, to
#          $FAKE_STATE/flink_argv and behaves according to FAKE_FLINK_MODE:
#          jobid, nojobid, fail (exit 3), fail-with-id (exit 2), long.
#   sleep  only in the "defaults" case: records its argument and returns at
#          once, so the production defaults (120 attempts, 5 s) can be
#          checked without waiting.
#
# Every case checks the exit code, the exact bytes of the termination log
# and the arguments flink received (or that flink was not called).
# Exit status: 0 when every case passes, 1 otherwise (failed cases are named).

set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
script="${1:-${here}/../../templates/submit-job.sh}"
if [[ ! -f "$script" ]]; then
  echo "run-cases.sh: script not found: $script" >&2
  exit 2
fi
script="$(cd "$(dirname "$script")" && pwd)/$(basename "$script")"

work="$(mktemp -d "${TMPDIR:-/tmp}/submit-job-cases.XXXXXX")"
trap 'rm -rf "$work"' EXIT

readonly JOB_ID='0123456789abcdef0123456789abcdef'
readonly CURL_ERROR='curl: (7) Failed to connect to jm port 8081: Connection refused'

# ---------------------------------------------------------------- fakes ---

fake_bin="${work}/bin"
sleep_bin="${work}/sleep-bin"
mkdir -p "$fake_bin" "$sleep_bin"

cat > "${fake_bin}/curl" <<'EOF'
#!/usr/bin/env bash
count_file="${FAKE_STATE}/curl_count"
n=$(( $(cat "$count_file" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$count_file"
printf '%s\n' "$@" > "${FAKE_STATE}/curl_argv"
pattern="$FAKE_CURL_PATTERN"
if (( n <= ${#pattern} )); then
  letter="${pattern:n-1:1}"
else
  letter="${pattern: -1}"
fi
if [[ "$letter" == S ]]; then
  printf '{"jobs":[]}'
  exit 0
fi
echo 'curl: (7) Failed to connect to jm port 8081: Connection refused' >&2
exit 7
EOF

cat > "${fake_bin}/flink" <<'EOF'
#!/usr/bin/env bash
printf '%s\n' "$@" > "${FAKE_STATE}/flink_argv"
job_line='Job has been submitted with JobID 0123456789abcdef0123456789abcdef'
case "$FAKE_FLINK_MODE" in
  jobid)
    echo 'Starting job submission'
    echo "$job_line"
    exit 0 ;;
  nojobid)
    exit 0 ;;
  fail)
    echo 'Starting job submission'
    echo 'Error: org.apache.flink.client.program.ProgramInvocationException: boom' >&2
    exit 3 ;;
  fail-with-id)
    echo "$job_line"
    echo 'Error: job failed after submission' >&2
    exit 2 ;;
  long)
    for (( i = 1; i <= 400; i++ )); do
      printf 'log line %03d: the quick brown fox jumps over the lazy dog\n' "$i"
    done
    echo "$job_line"
    exit 0 ;;
  *)
    echo "fake flink: unknown mode $FAKE_FLINK_MODE" >&2
    exit 99 ;;
esac
EOF

cat > "${sleep_bin}/sleep" <<'EOF'
#!/usr/bin/env bash
printf '%s\n' "$*" >> "${FAKE_STATE}/sleep_calls"
EOF

chmod +x "${fake_bin}/curl" "${fake_bin}/flink" "${sleep_bin}/sleep"

# ------------------------------------------------------------ machinery ---

failed_cases=()
passed=0
case_name=""
case_ok=true
case_dir=""

fail() {
  echo "  FAIL [${case_name}]: $*"
  case_ok=false
}

# begin_case <name>: fresh directories for one case.
begin_case() {
  case_name="$1"
  case_ok=true
  case_dir="${work}/case-${case_name}"
  mkdir -p "${case_dir}/state" "${case_dir}/cwd" "${case_dir}/logs"
  # A file in the cwd so that an unquoted * in the script would glob.
  touch "${case_dir}/cwd/should-not-be-globbed"
  echo "case ${case_name}"
}

end_case() {
  if [[ "$case_ok" == true ]]; then
    passed=$(( passed + 1 ))
    echo "  PASS"
  else
    failed_cases+=("$case_name")
    echo "  --- stdout of the script ---"
    sed 's/^/  | /' "${case_dir}/stdout" 2>/dev/null
    echo "  --- stderr of the script ---"
    sed 's/^/  | /' "${case_dir}/stderr" 2>/dev/null
  fi
}

# run_script <curl pattern> <flink mode> <attempts> [args...]
# Runs the script in the case's cwd; sets $status.
run_script() {
  local pattern="$1" mode="$2" attempts="$3"
  shift 3
  (
    cd "${case_dir}/cwd" &&
    env PATH="${fake_bin}:${PATH}" \
        FAKE_STATE="${case_dir}/state" \
        FAKE_CURL_PATTERN="$pattern" \
        FAKE_FLINK_MODE="$mode" \
        FLINK_JM_ADDR='jm:8081' \
        FLINK_BIN="${fake_bin}/flink" \
        TERMINATION_LOG_PATH="${case_dir}/termination-log" \
        SUBMIT_LOG_DIR="${case_dir}/logs" \
        SUBMIT_CHECK_INTERVAL_SEC=0 \
        SUBMIT_CHECK_ATTEMPTS="$attempts" \
        bash "$script" "$@" > "${case_dir}/stdout" 2> "${case_dir}/stderr"
  )
  status=$?
}

expect_exit() {
  if [[ "$status" != "$1" ]]; then
    fail "exit code ${status}, expected $1"
  fi
}

# expect_termination_log: compare with the expected text on stdin, byte for byte.
expect_termination_log() {
  local expected="${case_dir}/expected-termination-log"
  local actual="${case_dir}/termination-log"
  cat > "$expected"
  if [[ ! -f "$actual" ]]; then
    fail "no termination log written"
  elif ! cmp -s "$expected" "$actual"; then
    fail "termination log differs from the expected text:"
    diff -u "$expected" "$actual" | sed 's/^/    /'
  fi
}

# expect_flink_argv <arg>...: flink got exactly "run" followed by these.
expect_flink_argv() {
  local expected="${case_dir}/expected-flink-argv"
  local actual="${case_dir}/state/flink_argv"
  printf '%s\n' run "$@" > "$expected"
  if [[ ! -f "$actual" ]]; then
    fail "flink was not called"
  elif ! cmp -s "$expected" "$actual"; then
    fail "flink argv differs:"
    diff -u "$expected" "$actual" | sed 's/^/    /'
  fi
}

expect_flink_not_called() {
  if [[ -e "${case_dir}/state/flink_argv" ]]; then
    fail "flink was called although it must not be"
  fi
}

expect_curl_calls() {
  local count
  count="$(cat "${case_dir}/state/curl_count" 2>/dev/null || echo 0)"
  if [[ "$count" != "$1" ]]; then
    fail "curl called ${count} times, expected $1"
  fi
}

expect_curl_argv() {
  local expected="${case_dir}/expected-curl-argv"
  printf '%s\n' -sS --connect-timeout 5 'http://jm:8081/jobs' > "$expected"
  if ! cmp -s "$expected" "${case_dir}/state/curl_argv"; then
    fail "curl arguments differ:"
    diff -u "$expected" "${case_dir}/state/curl_argv" | sed 's/^/    /'
  fi
}

# expect_stdout_line <line>: the script's stdout has this exact line.
expect_stdout_line() {
  if ! grep -qxF -- "$1" "${case_dir}/stdout"; then
    fail "stdout lacks the line: $1"
  fi
}

# expect_submit_log: submit_log holds exactly the text on stdin.
expect_submit_log() {
  local expected="${case_dir}/expected-submit-log"
  cat > "$expected"
  if ! cmp -s "$expected" "${case_dir}/logs/submit_log"; then
    fail "submit_log differs:"
    diff -u "$expected" "${case_dir}/logs/submit_log" | sed 's/^/    /'
  fi
}

# command_line <arg>...: the line the script logs before running flink: the
# flink binary, "run" and the arguments joined by spaces.
command_line() {
  printf '%s run %s\n' "${fake_bin}/flink" "$*"
}

# check_log_for <max> <pattern>: expected check log text for a curl pattern
# that ends in success after the given attempts or fails all <max> attempts.
check_log_for() {
  local max="$1" pattern="$2" n letter ok=0
  for (( n = 1; n <= max; n++ )); do
    if (( n <= ${#pattern} )); then letter="${pattern:n-1:1}"; else letter="${pattern: -1}"; fi
    if [[ "$letter" == S ]]; then
      ok=$(( ok + 1 ))
      printf 'Attempt %d/%d: JobManager REST API responded (%d/3 successful checks).\n' "$n" "$max" "$ok"
      printf '{"jobs":[]}\n'
    else
      printf 'Attempt %d/%d: JobManager REST API check failed (curl exit code 7).\n' "$n" "$max"
      printf '%s\n' "$CURL_ERROR"
    fi
    if (( ok >= 3 )); then break; fi
  done
}

# ---------------------------------------------------------------- cases ---

# (a) JobManager ready after 2 failures -> submitted.
begin_case a-ready-after-failures
args=(--jobmanager jm:8081 --class com.example.Main /opt/job.jar)
run_script FFS jobid 5 "${args[@]}"
expect_exit 0
expect_termination_log <<EOF
jobID: ${JOB_ID}
message: |
  Successfully submitted!
  $(command_line "${args[@]}")
  Starting job submission
  Job has been submitted with JobID ${JOB_ID}
EOF
expect_flink_argv "${args[@]}"
expect_curl_calls 5
expect_curl_argv
expect_stdout_line "Job has been submitted with JobID ${JOB_ID}"
if [[ "$(tail -n 1 "${case_dir}/stdout")" != "Successfully submitted!" ]]; then
  fail "stdout does not end with the headline"
fi
if [[ "$(grep -cxF "Job has been submitted with JobID ${JOB_ID}" "${case_dir}/stdout")" != 2 ]]; then
  fail "the JobID line should appear twice on stdout (flink output + echo)"
fi
expect_submit_log <<EOF
$(command_line "${args[@]}")
Starting job submission
Job has been submitted with JobID ${JOB_ID}
EOF
if ! check_log_for 5 FFS | cmp -s - "${case_dir}/logs/check_log"; then
  fail "check_log differs from the expected attempt log"
fi
end_case

# (b) JobManager never ready -> abort, flink never called.
begin_case b-jobmanager-unavailable
run_script F jobid 3 --jobmanager jm:8081 /opt/job.jar
expect_exit 1
expect_termination_log <<EOF
message: |
  Aborted submit because JobManager is unavailable.
  Attempt 1/3: JobManager REST API check failed (curl exit code 7).
  ${CURL_ERROR}
  Attempt 2/3: JobManager REST API check failed (curl exit code 7).
  ${CURL_ERROR}
  Attempt 3/3: JobManager REST API check failed (curl exit code 7).
  ${CURL_ERROR}
EOF
expect_flink_not_called
expect_curl_calls 3
end_case

# (c) flink succeeds but prints no job id -> exit 1.
begin_case c-no-job-id
args=(--jobmanager jm:8081 /opt/job.jar)
run_script S nojobid 3 "${args[@]}"
expect_exit 1
expect_termination_log <<EOF
message: |
  The submitter finished successfully but there is no job id. Did you forget to execute the pipeline?
  $(command_line "${args[@]}")
EOF
expect_flink_argv "${args[@]}"
expect_curl_calls 3
end_case

# (d) flink fails with exit code 3 and no job id -> exit 1 (the operator's
# script's code), stderr captured in the log.
begin_case d-flink-fails
args=(--jobmanager jm:8081 --parallelism 2 /opt/job.jar)
run_script S fail 3 "${args[@]}"
expect_exit 1
expect_termination_log <<EOF
message: |
  Failed to submit.
  Job failed with a non-zero exit code: 3
  $(command_line "${args[@]}")
  Starting job submission
  Error: org.apache.flink.client.program.ProgramInvocationException: boom
EOF
expect_flink_argv "${args[@]}"
end_case

# (e) arguments with spaces and special characters pass through unchanged.
begin_case e-special-arguments
args=(--jobmanager jm:8081 --class com.example.Main -C 'file:///opt/lib dir/x.jar'
      /opt/job.jar --input 'a b' '$HOME' '*' '' '"quoted"' "it's" 'back\slash'
      'semi;colon' '$(echo pwned)' '  leading and trailing  ' '{{ not a template }}'
      '--flag=value with = signs')
run_script S jobid 3 "${args[@]}"
expect_exit 0
expect_termination_log <<EOF
jobID: ${JOB_ID}
message: |
  Successfully submitted!
  $(command_line "${args[@]}")
  Starting job submission
  Job has been submitted with JobID ${JOB_ID}
EOF
expect_flink_argv "${args[@]}"
end_case

# (f) very long flink output -> termination log of the whole lines that fit in
# 4096 bytes.
begin_case f-long-output
args=(--jobmanager jm:8081 /opt/job.jar)
run_script S long 3 "${args[@]}"
expect_exit 0
{
  printf 'jobID: %s\nmessage: |\n  Successfully submitted!\n' "$JOB_ID"
  printf '  %s\n' "$(command_line "${args[@]}")"
  for (( i = 1; i <= 400; i++ )); do
    printf '  log line %03d: the quick brown fox jumps over the lazy dog\n' "$i"
  done
  printf '  Job has been submitted with JobID %s\n' "$JOB_ID"
} | LC_ALL=C awk '{ size += length($0) + 1; if (size > 4096) exit; print }' \
  | expect_termination_log
if [[ "$(tail -c 1 "${case_dir}/termination-log" | od -An -c | tr -d ' ')" != '\n' ]]; then
  fail "the termination log does not end with a whole line"
fi
size="$(wc -c < "${case_dir}/termination-log" 2>/dev/null || echo missing)"
if [[ "$size" == missing ]] || (( size > 4096 )); then
  fail "termination log is ${size} bytes, limit is 4096"
fi
if [[ "$(wc -c < "${case_dir}/logs/submit_log")" -le 4096 ]]; then
  fail "the fake output should be longer than 4096 bytes for this case to mean anything"
fi
expect_flink_argv "${args[@]}"
expect_stdout_line "Job has been submitted with JobID ${JOB_ID}"
end_case

# (g) syntax check and minijinja-safe text.
begin_case g-syntax-and-template-safety
if ! bash -n "$script" 2> "${case_dir}/stderr"; then
  fail "bash -n reports a syntax error"
fi
for seq in '{{' '{%' '{#'; do
  if grep -nF -- "$seq" "$script" > "${case_dir}/stdout"; then
    fail "script contains the sequence '${seq}':"
    sed 's/^/    /' "${case_dir}/stdout"
  fi
done
if [[ "$(tail -c 1 "$script" | od -An -c | tr -d ' ')" != '\n' ]]; then
  fail "script does not end with a newline"
elif [[ "$(tail -c 2 "$script" | od -An -c | tr -d ' ')" == '\n\n' ]]; then
  fail "script ends with more than one newline"
fi
: > "${case_dir}/stdout"
end_case

# (h) successes need not be consecutive.
begin_case h-non-consecutive-successes
args=(--jobmanager jm:8081 /opt/job.jar)
run_script SFSFS jobid 5 "${args[@]}"
expect_exit 0
expect_curl_calls 5
expect_flink_argv "${args[@]}"
if ! check_log_for 5 SFSFS | cmp -s - "${case_dir}/logs/check_log"; then
  fail "check_log differs from the expected attempt log"
fi
end_case

# (i) only 2 successes within the attempt budget -> abort; log shows both.
begin_case i-too-few-successes
run_script FFS jobid 4 --jobmanager jm:8081 /opt/job.jar
expect_exit 1
expect_termination_log <<EOF
message: |
  Aborted submit because JobManager is unavailable.
  Attempt 1/4: JobManager REST API check failed (curl exit code 7).
  ${CURL_ERROR}
  Attempt 2/4: JobManager REST API check failed (curl exit code 7).
  ${CURL_ERROR}
  Attempt 3/4: JobManager REST API responded (1/3 successful checks).
  {"jobs":[]}
  Attempt 4/4: JobManager REST API responded (2/3 successful checks).
  {"jobs":[]}
EOF
expect_flink_not_called
expect_curl_calls 4
end_case

# (j) flink fails but did print a job id -> jobID line kept, flink's code.
begin_case j-failure-with-job-id
args=(--jobmanager jm:8081 /opt/job.jar)
run_script S fail-with-id 3 "${args[@]}"
expect_exit 2
expect_termination_log <<EOF
jobID: ${JOB_ID}
message: |
  Failed to submit.
  Job failed with a non-zero exit code: 2
  $(command_line "${args[@]}")
  Job has been submitted with JobID ${JOB_ID}
  Error: job failed after submission
EOF
expect_flink_argv "${args[@]}"
end_case

# (k) FLINK_JM_ADDR missing -> exit 1 without polling or submitting.
begin_case k-missing-jm-addr
(
  cd "${case_dir}/cwd" &&
  env -u FLINK_JM_ADDR PATH="${fake_bin}:${PATH}" FAKE_STATE="${case_dir}/state" \
      FAKE_CURL_PATTERN=S FAKE_FLINK_MODE=jobid FLINK_BIN="${fake_bin}/flink" \
      TERMINATION_LOG_PATH="${case_dir}/termination-log" SUBMIT_LOG_DIR="${case_dir}/logs" \
      SUBMIT_CHECK_INTERVAL_SEC=0 SUBMIT_CHECK_ATTEMPTS=3 \
      bash "$script" --jobmanager jm:8081 /opt/job.jar > "${case_dir}/stdout" 2> "${case_dir}/stderr"
)
status=$?
expect_exit 1
expect_termination_log <<'EOF'
message: |
  Aborted submit because of an invalid configuration: FLINK_JM_ADDR is not set.
EOF
expect_flink_not_called
expect_curl_calls 0
end_case

# (l) production defaults: 120 attempts, 5 s apart (fake sleep, no waiting).
begin_case l-defaults
(
  cd "${case_dir}/cwd" &&
  env -u SUBMIT_CHECK_INTERVAL_SEC -u SUBMIT_CHECK_ATTEMPTS \
      PATH="${sleep_bin}:${fake_bin}:${PATH}" FAKE_STATE="${case_dir}/state" \
      FAKE_CURL_PATTERN=F FAKE_FLINK_MODE=jobid FLINK_JM_ADDR='jm:8081' \
      FLINK_BIN="${fake_bin}/flink" TERMINATION_LOG_PATH="${case_dir}/termination-log" \
      SUBMIT_LOG_DIR="${case_dir}/logs" \
      bash "$script" --jobmanager jm:8081 /opt/job.jar > "${case_dir}/stdout" 2> "${case_dir}/stderr"
)
status=$?
expect_exit 1
expect_curl_calls 120
expect_flink_not_called
sleeps="$(sort "${case_dir}/state/sleep_calls" 2>/dev/null | uniq -c | awk '{ print $1 " x " $2 }')"
if [[ "$sleeps" != '119 x 5' ]]; then
  fail "expected 119 sleeps of 5 seconds, got: ${sleeps:-none}"
fi
size="$(wc -c < "${case_dir}/termination-log" 2>/dev/null || echo 0)"
# Whole lines: the next line (at most 80 bytes) would not have fit.
if (( size > 4096 || size <= 4096 - 80 )); then
  fail "the 120-attempt check log should fill the termination log up to 4096 bytes in whole lines, got ${size}"
fi
if [[ "$(tail -c 1 "${case_dir}/termination-log" | od -An -c | tr -d ' ')" != '\n' ]]; then
  fail "the termination log does not end with a whole line"
fi
if [[ "$(head -n 3 "${case_dir}/termination-log")" != "message: |
  Aborted submit because JobManager is unavailable.
  Attempt 1/120: JobManager REST API check failed (curl exit code 7)." ]]; then
  fail "unexpected start of the termination log"
fi
end_case

# (m) unwritable termination log path -> warning only, exit code unchanged.
begin_case m-unwritable-termination-log
(
  cd "${case_dir}/cwd" &&
  env PATH="${fake_bin}:${PATH}" FAKE_STATE="${case_dir}/state" \
      FAKE_CURL_PATTERN=S FAKE_FLINK_MODE=jobid FLINK_JM_ADDR='jm:8081' \
      FLINK_BIN="${fake_bin}/flink" \
      TERMINATION_LOG_PATH="${case_dir}/no-such-dir/termination-log" \
      SUBMIT_LOG_DIR="${case_dir}/logs" SUBMIT_CHECK_INTERVAL_SEC=0 SUBMIT_CHECK_ATTEMPTS=3 \
      bash "$script" --jobmanager jm:8081 /opt/job.jar > "${case_dir}/stdout" 2> "${case_dir}/stderr"
)
status=$?
expect_exit 0
if ! grep -q 'could not write the termination log' "${case_dir}/stderr"; then
  fail "no warning about the unwritable termination log"
fi
expect_flink_argv --jobmanager jm:8081 /opt/job.jar
end_case

# -------------------------------------------------------------- summary ---

echo
if (( ${#failed_cases[@]} > 0 )); then
  echo "${passed} passed, ${#failed_cases[@]} failed: ${failed_cases[*]}"
  exit 1
fi
echo "all ${passed} cases passed"
