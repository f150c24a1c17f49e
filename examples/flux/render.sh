#!/bin/sh
# Render every FlinkCluster under clusters/ into deploy/flink/ (one file per object, kustomize's
# file names), replacing what was there: objects that are gone lose their files.
#
#   examples/flux/render.sh [OUT_DIR]
#
# flink-render is $FLINK_RENDER, else `flink-render` on PATH; extra flags come from
# $FLINK_RENDER_ARGS (e.g. --kube-version=1.30).
set -eu
here=$(cd -- "$(dirname -- "$0")" && pwd)
out=${1:-$here/deploy/flink}
# --prune: the folder ends up holding exactly the rendered objects (files of objects that are
# gone are deleted); nothing is written at all when rendering fails.
# shellcheck disable=SC2086 # FLINK_RENDER_ARGS is a list of flags
"${FLINK_RENDER:-flink-render}" render ${FLINK_RENDER_ARGS:-} "$here"/clusters/*.yaml --output-dir "$out" --prune
echo "rendered $(ls -- "$out" | wc -l | tr -d ' ') files into $out"
