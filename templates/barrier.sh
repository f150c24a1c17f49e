#!/bin/sh
#
# barrier.sh - the barrier init container of a Flink cluster rendered by
# flink-render: hold a pod back until the pods it depends on are up, then
# hand their addresses to the main container.
#
# It keeps the contract of FrameworkBarrier (microsoft/frameworkcontroller),
# with the cluster's pods in place of a Framework object:
#
#   * the same settings and checks: BARRIER_CHECK_INTERVAL_SEC (default 10,
#     at least 5) and BARRIER_CHECK_TIMEOUT_SEC (default 600, 60 to 1200);
#   * the same exit codes: 0 passed, 201 timed out, 210 permanent failure
#     (bad configuration, permission denied, this pod or its cluster is being
#     deleted), 1 unknown (timed out while the API server kept failing, or
#     the output could not be written);
#   * the same hand-off: on success framework.json (the pods seen: role,
#     name, index, IP) and injector.sh (FB_<ROLE>_IPS and FB_<ROLE>_ADDRESSES
#     in FrameworkBarrier's layout) are written to BARRIER_OUTPUT_DIR.
#
# Settings (environment):
#   BARRIER_NAMESPACE   namespace of this pod (downward API)          required
#   BARRIER_POD_NAME    name of this pod (downward API)               required
#   BARRIER_SELECTOR    label selector of the cluster's pods          required
#   BARRIER_WAIT_FOR    space-separated ROLE:COUNT:CONDITION          required
#                       ROLE is the pods' `component` label ([a-z0-9]+),
#                       COUNT how many pods of it must pass (1 or more),
#                       CONDITION `ready` (Ready condition True and a pod IP)
#                       or `scheduled` (a pod IP); pods being deleted never
#                       count
#   BARRIER_CHECK_INTERVAL_SEC, BARRIER_CHECK_TIMEOUT_SEC   see above
#   BARRIER_OUTPUT_DIR  default /mnt/frameworkbarrier
#
# Every check asks the API server, with this pod's service account, for this
# pod (verb get: a pod that is gone or being deleted means the cluster is
# going away) and for the cluster's pods by label selector (verb list), both
# through kubectl's own jsonpath output. Within a role, pods are ordered by
# the length of their name, then by name, so that StatefulSet pods come in
# ordinal order; a pod's index is its place in that order.
#
# POSIX sh only; besides kubectl it needs date, sleep, sort, tr, cat, mkdir,
# chmod, mv and rm, which BusyBox and coreutils both provide.

set -u

EXIT_SUCCEEDED=0
EXIT_UNKNOWN=1
EXIT_TRANSIENT_CONFLICT=201
EXIT_PERMANENT=210

# The fields read of every pod, one pod per line, separated by `|`.
POD_FIELDS='{range .items[*]}{.metadata.labels.component}{"|"}{.metadata.name}{"|"}{.status.podIP}{"|"}{.status.conditions[?(@.type=="Ready")].status}{"|"}{.metadata.deletionTimestamp}{"\n"}{end}'

# Roles always described in the output, in this order, besides those waited for.
OUTPUT_ROLES='jobmanager taskmanager'

stderr_file=

log() {
	printf '%s\n' "$*" >&2
}

finish() {
	case $1 in
	"$EXIT_SUCCEEDED") phrase='success' ;;
	"$EXIT_TRANSIENT_CONFLICT") phrase='transient conflict failure, retry later' ;;
	"$EXIT_PERMANENT") phrase='permanent failure, do not retry' ;;
	*) phrase='unknown failure' ;;
	esac
	if [ -n "$stderr_file" ]; then
		rm -f "$stderr_file"
	fi
	log "ExitCode: $1: Exit with $phrase."
	exit "$1"
}

# length TEXT: sets $len to the number of characters of TEXT.
length() {
	len=0
	rest=$1
	while [ -n "$rest" ]; do
		rest=${rest#?}
		len=$((len + 1))
	done
}

# greater A B: whether the digit string A is greater than B, both of one length.
greater() {
	a=$1
	b=$2
	while [ -n "$a" ]; do
		x=${a%"${a#?}"}
		y=${b%"${b#?}"}
		if [ "$x" -gt "$y" ]; then
			return 0
		fi
		if [ "$x" -lt "$y" ]; then
			return 1
		fi
		a=${a#?}
		b=${b#?}
	done
	return 1
}

# parse_int NAME TEXT: sets $parsed to TEXT read as Go's strconv.ParseInt(TEXT, 10, 64)
# reads it, or fails with Go's message.
parse_int() {
	sign=
	digits=$2
	case $digits in
	[+-]*)
		sign=${digits%"${digits#?}"}
		digits=${digits#?}
		;;
	esac
	case $digits in
	'' | *[!0-9]*)
		log "Failed to parse \${$1}: strconv.ParseInt: parsing \"$2\": invalid syntax"
		finish "$EXIT_PERMANENT"
		;;
	esac
	while :; do
		case $digits in
		0?*) digits=${digits#0} ;;
		*) break ;;
		esac
	done
	limit=9223372036854775807
	if [ "$sign" = - ]; then
		limit=9223372036854775808
	fi
	length "$digits"
	if [ "$len" -gt 19 ] || { [ "$len" -eq 19 ] && greater "$digits" "$limit"; }; then
		log "Failed to parse \${$1}: strconv.ParseInt: parsing \"$2\": value out of range"
		finish "$EXIT_PERMANENT"
	fi
	if [ "$sign" = - ] && [ "$digits" != 0 ]; then
		parsed=-$digits
	else
		parsed=$digits
	fi
}

# split_wait ITEM: sets $role, $count and $condition from ROLE:COUNT:CONDITION.
split_wait() {
	role=${1%%:*}
	rest=${1#*:}
	count=${rest%%:*}
	condition=${rest#*:}
}

required() {
	if [ -z "$2" ]; then
		log "Validation Failed: \${$1} should not be empty"
		finish "$EXIT_PERMANENT"
	fi
}

# ---------------------------------------------------------------- settings ---

namespace=${BARRIER_NAMESPACE:-}
pod=${BARRIER_POD_NAME:-}
selector=${BARRIER_SELECTOR:-}
wait_for=${BARRIER_WAIT_FOR:-}
out_dir=${BARRIER_OUTPUT_DIR:-/mnt/frameworkbarrier}
required BARRIER_NAMESPACE "$namespace"
required BARRIER_POD_NAME "$pod"
required BARRIER_SELECTOR "$selector"
required BARRIER_WAIT_FOR "$wait_for"

interval=10
if [ -n "${BARRIER_CHECK_INTERVAL_SEC:-}" ]; then
	parse_int BARRIER_CHECK_INTERVAL_SEC "$BARRIER_CHECK_INTERVAL_SEC"
	interval=$parsed
fi
timeout=600
if [ -n "${BARRIER_CHECK_TIMEOUT_SEC:-}" ]; then
	parse_int BARRIER_CHECK_TIMEOUT_SEC "$BARRIER_CHECK_TIMEOUT_SEC"
	timeout=$parsed
fi
if [ "$interval" -lt 5 ]; then
	log "Validation Failed: \${BARRIER_CHECK_INTERVAL_SEC} $interval should not be less than 5"
	finish "$EXIT_PERMANENT"
fi
if [ "$timeout" -lt 60 ] || [ "$timeout" -gt 1200 ]; then
	log "Validation Failed: \${BARRIER_CHECK_TIMEOUT_SEC} $timeout should not be less than 60 or greater than 20 * 60"
	finish "$EXIT_PERMANENT"
fi

set -f
for item in $wait_for; do
	split_wait "$item"
	valid=yes
	case $role in '' | *[!a-z0-9]*) valid=no ;; esac
	case $count in '' | *[!0-9]* | 0*) valid=no ;; esac
	case $condition in ready | scheduled) ;; *) valid=no ;; esac
	if [ "$valid" = no ]; then
		log "Validation Failed: \${BARRIER_WAIT_FOR} \"$item\" should be ROLE:COUNT:ready or ROLE:COUNT:scheduled"
		finish "$EXIT_PERMANENT"
	fi
	case " $OUTPUT_ROLES " in
	*" $role "*) ;;
	*) OUTPUT_ROLES="$OUTPUT_ROLES $role" ;;
	esac
done
set +f

log "With Config:"
log "  namespace: $namespace"
log "  pod: $pod"
log "  selector: $selector"
log "  waitFor: $wait_for"
log "  barrierCheckIntervalSec: $interval"
log "  barrierCheckTimeoutSec: $timeout"
log "  outputDir: $out_dir"

if ! mkdir -p "$out_dir"; then
	log "Failed to create $out_dir"
	finish "$EXIT_UNKNOWN"
fi
stderr_file=$out_dir/.barrier-kubectl-stderr

# ------------------------------------------------------------------ checks ---

# kubectl_get ARGS...: runs kubectl; its output is in $out. Answers that no
# retry can change end the barrier at once; any other failure is remembered
# in $last_error and the check fails.
kubectl_get() {
	if out=$(kubectl "$@" 2>"$stderr_file"); then
		return 0
	fi
	err=$(cat "$stderr_file")
	case $err in
	*'(NotFound)'* | *'(Forbidden)'* | *'(Unauthorized)'*)
		log "BarrierPermanentFailed: $err"
		finish "$EXIT_PERMANENT"
		;;
	esac
	log "Failed to get pods from the API server: $err"
	last_error=$err
	return 1
}

# select ROLE CONDITION: NAME=IP of every pod of ROLE that meets CONDITION,
# one per line, in index order.
select_pods() {
	printf '%s\n' "$pods" | while IFS='|' read -r r _ name ip ready deleting; do
		if [ "$r" != "$1" ] || [ -z "$ip" ] || [ -n "$deleting" ]; then
			continue
		fi
		if [ "$2" = ready ] && [ "$ready" != True ]; then
			continue
		fi
		printf '%s=%s\n' "$name" "$ip"
	done
}

# check: asks the API server once; sets $passed and $summary.
check() {
	passed=no
	last_error=
	kubectl_get get pod "$pod" --namespace "$namespace" --request-timeout "${interval}s" \
		--output 'jsonpath={.metadata.deletionTimestamp}' || return 1
	if [ -n "$out" ]; then
		log "BarrierPermanentFailed: pod $namespace/$pod is being deleted (since $out): its cluster is going away"
		finish "$EXIT_PERMANENT"
	fi
	kubectl_get get pods --namespace "$namespace" --selector "$selector" \
		--request-timeout "${interval}s" --output "jsonpath=$POD_FIELDS" || return 1
	pods=$(printf '%s\n' "$out" | while IFS='|' read -r r name ip ready deleting; do
		if [ -n "$name" ]; then
			length "$name"
			printf '%s|%s|%s|%s|%s|%s\n' "$r" "$len" "$name" "$ip" "$ready" "$deleting"
		fi
	done | LC_ALL=C sort -t '|' -k1,1 -k2,2n -k3,3)

	total=0
	reached=0
	all=yes
	summary=
	set -f
	for item in $wait_for; do
		split_wait "$item"
		got=0
		for _ in $(select_pods "$role" "$condition"); do
			got=$((got + 1))
		done
		if [ "$got" -lt "$count" ]; then
			all=no
		else
			got=$count
		fi
		total=$((total + count))
		reached=$((reached + got))
		summary="$summary${summary:+, }$role $got/$count $condition"
	done
	set +f
	summary="$reached/$total pods reached the barrier: $summary"
	if [ "$all" = yes ]; then
		passed=yes
	fi
	return 0
}

# ------------------------------------------------------------------ output ---

# write_outputs: framework.json and injector.sh for the pods of the last check.
write_outputs() {
	json=
	ips_block=
	addresses_block=
	set -f
	for output_role in $OUTPUT_ROLES; do
		# A role waited for: its first COUNT pods that passed; any other: its pods with an IP.
		limit=
		wanted=scheduled
		for item in $wait_for; do
			split_wait "$item"
			if [ "$role" = "$output_role" ]; then
				limit=$count
				wanted=$condition
			fi
		done
		role=$output_role
		upper=$(printf '%s' "$role" | tr 'abcdefghijklmnopqrstuvwxyz' 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
		index=0
		ips=
		addresses=
		for entry in $(select_pods "$role" "$wanted"); do
			if [ -n "$limit" ] && [ "$index" -ge "$limit" ]; then
				break
			fi
			name=${entry%%=*}
			ip=${entry#*=}
			json="$json${json:+,}{\"role\":\"$role\",\"name\":\"$name\",\"index\":$index,\"ip\":\"$ip\"}"
			ips="$ips${ips:+,}$ip"
			addresses="$addresses${addresses:+,}$ip:\${FB_${upper}_PORT}"
			index=$((index + 1))
		done
		ips_block="${ips_block}export FB_${upper}_IPS=$ips
echo FB_${upper}_IPS=\${FB_${upper}_IPS}
"
		addresses_block="${addresses_block}export FB_${upper}_ADDRESSES=$addresses
echo FB_${upper}_ADDRESSES=\${FB_${upper}_ADDRESSES}
"
	done
	set +f
	printf '{"namespace":"%s","pods":[%s]}' "$namespace" "$json" >"$out_dir/.framework.json.tmp" &&
		chmod 0644 "$out_dir/.framework.json.tmp" &&
		mv -f "$out_dir/.framework.json.tmp" "$out_dir/framework.json" || return 1
	printf '#!/bin/bash\n\necho ./injector.sh: Start to inject environment variables\n\n%s\n%s\necho ./injector.sh: Succeeded to inject environment variables\n' \
		"$ips_block" "$addresses_block" >"$out_dir/.injector.sh.tmp" &&
		chmod 0755 "$out_dir/.injector.sh.tmp" &&
		mv -f "$out_dir/.injector.sh.tmp" "$out_dir/injector.sh" || return 1
}

# -------------------------------------------------------------------- main ---

start=$(date +%s)
while :; do
	if check; then
		if [ "$passed" = yes ]; then
			log "BarrierPassed: $summary."
			log "BarrierSucceeded: All pods reached the barrier."
			if ! write_outputs; then
				log "Failed to write framework.json and injector.sh to $out_dir"
				finish "$EXIT_UNKNOWN"
			fi
			log "Wrote $out_dir/framework.json and $out_dir/injector.sh."
			finish "$EXIT_SUCCEEDED"
		fi
		log "BarrierNotPassed: $summary."
	fi
	now=$(date +%s)
	if [ $((now - start)) -ge "$timeout" ]; then
		if [ -n "$last_error" ]; then
			log "BarrierUnknownFailed: $last_error"
			finish "$EXIT_UNKNOWN"
		fi
		log "BarrierTransientConflictFailed: Timeout to wait for all pods to reach the barrier."
		finish "$EXIT_TRANSIENT_CONFLICT"
	fi
	sleep "$interval"
done
