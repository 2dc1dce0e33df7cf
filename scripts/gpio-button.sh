#!/usr/bin/env bash
# Presses the gateway button when a push button wired to a GPIO line is pressed (Raspberry Pi
# class boxes). Wire the button between the line and ground; the line's pull-up keeps it high
# until pressed. Needs `gpiomon` from Debian's `gpiod` package (libgpiod).
#
#   scripts/gpio-button.sh [CHIP] [LINE]        # defaults: gpiochip0 17 (BCM 17, header pin 11)
#   OPENTT_GATEWAY=http://127.0.0.1:8000        # the gateway on this box
set -euo pipefail
chip=${1:-gpiochip0}
line=${2:-17}
here=$(cd "$(dirname "$0")/.." && pwd)
command -v gpiomon >/dev/null || { echo "gpiomon not found: apt-get install gpiod" >&2; exit 2; }
last=0
# One event line per falling edge (button pressed); ignore bounces within a second.
gpiomon --bias=pull-up --falling-edge "$chip" "$line" | while read -r _; do
  now=$(date +%s)
  if (( now - last >= 1 )); then
    last=$now
    node "$here/bin/opentt.js" button --gateway "${OPENTT_GATEWAY:-http://127.0.0.1:8000}" || true
  fi
done
