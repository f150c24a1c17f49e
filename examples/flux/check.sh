#!/bin/sh
# CI gate: fails when deploy/flink/ is not what the FlinkClusters under clusters/ render to —
# someone edited a cluster without re-rendering, edited a rendered file by hand, or a new
# flink-render renders differently. Exit 0: up to date; 1: out of date (the diff is printed);
# 2: rendering failed (flink-render's report is printed).
#
#   examples/flux/check.sh [OUT_DIR]
set -eu
here=$(cd -- "$(dirname -- "$0")" && pwd)
out=${1:-$here/deploy/flink}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/flink-render.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT HUP INT TERM

if ! "$here/render.sh" "$tmp/out" >/dev/null; then
    echo "check: rendering failed" >&2
    exit 2
fi
# diff -r also sees files that appeared or disappeared, which `git diff` alone would not
# (a new object is an untracked file).
if diff -ru -- "$out" "$tmp/out"; then
    echo "check: $out is up to date"
    exit 0
fi
echo "check: $out is out of date: run examples/flux/render.sh and commit the result" >&2
exit 1
