# Sourced, not run: `ensure_pinned_venv VENV REQUIREMENTS` creates the venv VENV with $PYTHON
# (default python3) when it is missing, and installs REQUIREMENTS (pinned `name==version` lines)
# into it when any of them is missing or at another version; then sets VPY to its python.
# The caller defines `die MESSAGE` (exits) and `say MESSAGE` (reports on stderr).

ensure_pinned_venv() {
    local venv=$1 requirements=$2
    local python=${PYTHON:-python3}
    command -v "$python" >/dev/null 2>&1 \
        || die "'$python' not found: install Python 3 (3.11 is tested) or set PYTHON=/path/to/python3"
    if [ ! -x "$venv/bin/python" ]; then
        say "creating venv $venv"
        mkdir -p "$(dirname "$venv")"
        "$python" -m venv "$venv" \
            || die "'$python -m venv' failed: install the venv module (Debian/Ubuntu: apt-get install python3-venv), then remove $venv and retry"
    fi
    VPY="$venv/bin/python"
    if ! pinned_installed "$requirements"; then
        say "installing $requirements into $venv"
        "$VPY" -m pip install -q --disable-pip-version-check -r "$requirements" \
            || die "pip install -r $requirements failed (network access to PyPI is needed)"
        pinned_installed "$requirements" \
            || die "the venv $venv does not hold the versions pinned in $requirements"
    fi
}

# Are all pinned `name==version` lines of REQUIREMENTS installed in $VPY's venv at exactly
# those versions?
pinned_installed() {
    "$VPY" - "$1" <<'PY'
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
PY
}
