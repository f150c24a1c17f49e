#!/usr/bin/env bash
# flink-render's review of a change to FlinkCluster files, for CI (the workflow in this
# directory runs it on every pull request; any CI can).
#
# Usage: review.sh BASE FILE...
#   BASE   the git revision the change is compared with (origin/main, the target branch)
#   FILE   the FlinkCluster files of the change, as they are now
#
# 1. renders and lints every FILE: each problem as a GitHub annotation on its line (on
#    stderr: the Actions runner reads them there), and all of them as a SARIF log;
# 2. diffs each FILE against its version in BASE: a Markdown report of what the operator will
#    do, every file's report within one pull request comment.
#
# Writes into $FLINK_RENDER_OUT (default ./flink-render-review):
#   flink-render.sarif   the SARIF 2.1.0 log of `flink-render lint` (for code scanning)
#   comment.md           the pull request comment (at most 64,000 bytes)
# Exit status: 0 when every file renders, lints clean and every update is one the operator
# accepts (differences are what the comment is for); 1 for lint findings; 2 when a file does
# not render or the operator's webhook refuses an update.
#
# Environment: FLINK_RENDER (default: flink-render on PATH), FLINK_RENDER_OUT.
set -uo pipefail

if [[ $# -lt 1 ]]; then
    sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
base=$1
shift
bin=${FLINK_RENDER:-flink-render}
out=${FLINK_RENDER_OUT:-flink-render-review}
mkdir -p -- "$out"
status=0
worst() { # keeps the highest exit status seen
    if [[ $1 -gt $status ]]; then status=$1; fi
}

{
    printf '<!-- flink-render review -->\n'
    if [[ $# -eq 0 ]]; then
        printf 'No FlinkCluster file changed.\n'
    fi
} >"$out/comment.md"
if [[ $# -eq 0 ]]; then
    printf '{"version": "2.1.0", "runs": []}\n' >"$out/flink-render.sarif"
    exit 0
fi

# 1. Render and lint: annotations now, the SARIF log for the upload.
"$bin" lint "$@" --diagnostics github >/dev/null
worst $?
"$bin" lint "$@" --diagnostics sarif >/dev/null 2>"$out/flink-render.sarif"

# 2. Diff every file against BASE; the files share one comment's room.
budget=$(((64000 - 200) / $# - 200))
for file in "$@"; do
    {
        printf '\n<h2><code>%s</code></h2>\n\n' "$file"
    } >>"$out/comment.md"
    if ! git cat-file -e "$base:$file" 2>/dev/null; then
        printf 'A new file: `flink-render render %s` shows the objects it creates.\n' "$file" \
            >>"$out/comment.md"
        continue
    fi
    # A refused update still writes its report, saying why (exit 2).
    git show "$base:$file" |
        "$bin" diff - "$file" --output markdown --max-bytes "$budget" --diagnostics github \
            >>"$out/comment.md"
    code=${PIPESTATUS[1]}
    # Exit 1 means differences: that is the report, not a failure.
    if [[ $code -ne 1 ]]; then worst "$code"; fi
done
exit "$status"
