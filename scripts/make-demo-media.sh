#!/usr/bin/env bash
# Makes the short demo videos committed under apps/api/src/seed/demo-media (needs ffmpeg; run once).
set -euo pipefail
out=apps/api/src/seed/demo-media
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
make() { # code colour "title line" seconds
  ffmpeg -y -loglevel error \
    -f lavfi -i "color=c=$2:s=640x360:r=25:d=$4" \
    -f lavfi -i "sine=frequency=220:sample_rate=44100:duration=$4" \
    -vf "drawtext=fontfile=$font:text='$3':fontcolor=white:fontsize=30:x=(w-text_w)/2:y=(h-text_h)/2-20,drawtext=fontfile=$font:text='Customs Academy · %{eif\:t\:d}s':fontcolor=white@0.8:fontsize=18:x=(w-text_w)/2:y=h-50" \
    -c:v libx264 -profile:v main -pix_fmt yuv420p -preset veryfast -b:v 180k -c:a aac -b:a 48k -shortest \
    -movflags +faststart "$out/$1.mp4"
}
make hs-basics 0x1f4e79 'The Harmonized System' 12
make kyoto 0x2e6b30 'Revised Kyoto Convention' 12
make ecommerce 0x6b2e5e 'E-commerce and customs' 12
ls -l "$out"
