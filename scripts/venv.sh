# Sourced by the other scripts: create or reuse .venv at the repository root and install
# the project into it, with the extras named in $EXTRAS (e.g. "test"), and the Debian
# libraries it needs when they are missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Install Debian packages when root on Debian; otherwise say what is missing.
debian_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "needs the Debian packages: $*" >&2
  fi
}

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
STAMP=".venv/.installed-${EXTRAS:-base}"
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${EXTRAS:+[$EXTRAS]}"
  touch "$STAMP"
fi
# OpenCV, under the OCR model that keeps screenshots out of memories, links these.
if ! .venv/bin/python -c "import cv2" 2>/dev/null; then
  debian_install libgl1 libglib2.0-0
fi
