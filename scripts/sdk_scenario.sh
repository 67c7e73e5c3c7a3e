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
say() { echo "sdk_scenario.sh: $*" >&2; }

command -v "$PYTHON" >/dev/null 2>&1 \
    || die "'$PYTHON' not found: install Python 3 (3.11 is tested) or set PYTHON=/path/to/python3"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
    || die "$("$PYTHON" --version 2>&1) is too old: Python 3.9 or newer is needed (3.11 is tested)"
command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust (https://rustup.rs)"

# shellcheck source=scripts/pinned_venv.sh
source scripts/pinned_venv.sh
ensure_pinned_venv "$VENV" "$REQUIREMENTS"

cargo build -q -p local-vpc
# Honour CARGO_TARGET_DIR (relative paths are relative to the workspace root, as for cargo).
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
exec "$VPY" scripts/sdk_scenario.py --server "$TARGET_DIR/debug/local-vpc" "$@"
