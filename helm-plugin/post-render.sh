#!/bin/sh
# Helm 4 runs this for `--post-renderer flink-render`: the chart's manifests on stdin, the
# post-rendered manifests on stdout, extra `--post-renderer-args` as arguments.
#
# Helm 4 discards a post-renderer's stderr and shows only "plugin exited with error" when it
# fails. So that the reason reaches the user, a failure is turned into output Helm refuses
# with the text in its message: a YAML document that is a block of text, not an object.
# Helm then fails with "error while parsing post rendered output: ... node contents:" followed
# by flink-render's report. This script exits 0 in that case on purpose; Helm still fails.
set -u

bin=${FLINK_RENDER:-}
if [ -z "$bin" ]; then
    if [ -x "${HELM_PLUGIN_DIR:-}/bin/flink-render" ]; then
        bin=${HELM_PLUGIN_DIR}/bin/flink-render
    elif command -v flink-render >/dev/null 2>&1; then
        bin=flink-render
    fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flink-render.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

if [ -z "$bin" ] || ! command -v "$bin" >/dev/null 2>&1; then
    echo "flink-render: no flink-render binary${bin:+ at $bin}; install it on PATH, put it at \$HELM_PLUGIN_DIR/bin/flink-render or set FLINK_RENDER" >"$tmp/err"
    status=127
else
    "$bin" post-render "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
fi

# Warnings (and errors) also go to stderr, for runs outside Helm 4.
cat "$tmp/err" >&2
if [ "$status" -eq 0 ]; then
    cat "$tmp/out"
    exit 0
fi

# A literal block with an explicit indentation: every line of the report is kept as it is.
# Control characters other than tab would make the YAML invalid and hide the text; drop them.
printf -- '--- |2\n  flink-render post-render failed (exit %s):\n' "$status"
tr -d '\000-\010\013-\037\177' <"$tmp/err" | sed 's/^/  /'
exit 0
