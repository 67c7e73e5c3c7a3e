#!/usr/bin/env bash
# Runs scripts/sdk_scenario.py: all 17 traffic-mirror operations through the vendor's
# official Python SDK against the local service (local-vpc).
#
#   scripts/sdk_scenario.sh
#
# - venv: ${SDK_VENV:-$HOME/.cache/vpc-sdk-venv}, created on first use; the pinned
#   requirements (scripts/requirements-sdk.txt) are installed only when missing or at
#   other versions.
# - PYTHON: the interpreter that creates the venv (default python3; 3.11 is tested).
# - builds the service with `cargo build -q -p local-vpc` and runs the scenario against it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
VENV="${SDK_VENV:-${HOME:-/tmp}/.cache/vpc-sdk-venv}"
REQUIREMENTS="scripts/requirements-sdk.txt"

die() { echo "sdk_scenario.sh: $*" >&2; exit 2; }

command -v "$PYTHON" >/dev/null 2>&1 \
    || die "'$PYTHON' not found: install Python 3 (3.11 is tested) or set PYTHON=/path/to/python3"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
    || die "$("$PYTHON" --version 2>&1) is too old: Python 3.9 or newer is needed (3.11 is tested)"
command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust (https://rustup.rs)"

if [ ! -x "$VENV/bin/python" ]; then
    echo "sdk_scenario.sh: creating venv $VENV" >&2
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON" -m venv "$VENV" \
        || die "'$PYTHON -m venv' failed: install the venv module (Debian/Ubuntu: apt-get install python3-venv), then remove $VENV and retry"
fi
VPY="$VENV/bin/python"

# Are all pinned `name==version` lines installed in the venv at exactly those versions?
pinned_installed() {
    "$VPY" - "$REQUIREMENTS" <<'EOF'
import re, sys
from importlib.metadata import PackageNotFoundError, version
ok = True
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line)
    if not m:
        sys.exit(1)
    try:
        ok &= version(m.group(1)) == m.group(2)
    except PackageNotFoundError:
        ok = False
sys.exit(0 if ok else 1)
EOF
}

if ! pinned_installed; then
    echo "sdk_scenario.sh: installing $REQUIREMENTS into $VENV" >&2
    "$VPY" -m pip install -q --disable-pip-version-check -r "$REQUIREMENTS" \
        || die "pip install -r $REQUIREMENTS failed (network access to PyPI is needed)"
    pinned_installed || die "the venv $VENV does not hold the versions pinned in $REQUIREMENTS"
fi

cargo build -q -p local-vpc
# Honour CARGO_TARGET_DIR (relative paths are relative to the workspace root, as for cargo).
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
exec "$VPY" scripts/sdk_scenario.py --server "$TARGET_DIR/debug/local-vpc" "$@"
