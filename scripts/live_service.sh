#!/usr/bin/env bash
# One real service: the client generated from a running Prefect server's own OpenAPI document
# drives a CRUD scenario against that server (tests/live/prefect).
#
#   scripts/live_service.sh
#
# 1. installs Prefect (scripts/requirements-live.txt) into the venv
#    ${LIVE_VENV:-$HOME/.cache/specforge-live-venv}, only when missing or at another version;
# 2. starts `prefect server start` on 127.0.0.1 and a free port, its SQLite store and home in a
#    temporary folder, and waits (at most $LIVE_START_TIMEOUT s, default 180) until /api/health
#    answers;
# 3. takes /api/openapi.json from it and generates the client crate with
#    `specforge generate --crate prefect-client --serde-round-trip --derive-eq --operation …`
#    (the driver re-encodes what it decodes and compares what it reads back) into tests/live/prefect-client;
# 4. lints the client and the driver (tests/live/prefect) with clippy, warnings denied, then
#    builds the driver and runs it;
# 5. stops the server, always (also on failure or interrupt), within a bounded time.
#
# - PYTHON: the interpreter that creates the venv (default python3; 3.11 is tested).
# - Scratch: ${CARGO_TARGET_DIR:-target}/live (the driver's target dir, the spec, server log).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
VENV="${LIVE_VENV:-${HOME:-/tmp}/.cache/specforge-live-venv}"
REQUIREMENTS="scripts/requirements-live.txt"
START_TIMEOUT="${LIVE_START_TIMEOUT:-180}"
SCENARIO_TIMEOUT="${LIVE_SCENARIO_TIMEOUT:-300}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
SCRATCH="$TARGET/live"
DRIVER="tests/live/prefect"
CLIENT="tests/live/prefect-client"

# The operations the scenario calls; generating only these keeps the crate quick to build.
OPERATIONS=(
    health_check_health_get
    create_flow_flows__post read_flow_flows__id__get read_flow_by_name_flows_name__name__get
    update_flow_flows__id__patch delete_flow_flows__id__delete
    create_work_pool_work_pools__post read_work_pool_work_pools__name__get
    update_work_pool_work_pools__name__patch delete_work_pool_work_pools__name__delete
    create_deployment_deployments__post read_deployment_deployments__id__get
    update_deployment_deployments__id__patch delete_deployment_deployments__id__delete
    create_variable_variables__post read_variable_variables__id__get
    read_variable_by_name_variables_name__name__get update_variable_variables__id__patch
    delete_variable_variables__id__delete
    create_automation_automations__post read_automation_automations__id__get
    patch_automation_automations__id__patch delete_automation_automations__id__delete
)

die() { echo "live_service.sh: $*" >&2; exit 2; }
say() { echo "live_service.sh: $*" >&2; }
seconds_since() { echo "$EPOCHREALTIME - $1" | bc | xargs printf '%.1f'; }

command -v "$PYTHON" >/dev/null 2>&1 \
    || die "'$PYTHON' not found: install Python 3 (3.11 is tested) or set PYTHON=/path/to/python3"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
    || die "$("$PYTHON" --version 2>&1) is too old: Prefect 3 needs Python 3.10 or newer"
command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust (https://rustup.rs)"

# --- 1. install ------------------------------------------------------------------------------
start=$EPOCHREALTIME
# shellcheck source=scripts/pinned_venv.sh
source scripts/pinned_venv.sh
ensure_pinned_venv "$VENV" "$REQUIREMENTS"
say "install: $(seconds_since "$start") s"

# --- 2. start --------------------------------------------------------------------------------
mkdir -p "$SCRATCH"
DATA="$(mktemp -d "${TMPDIR:-/tmp}/specforge-live.XXXXXX")"
LOG="$SCRATCH/server.log"
SERVER_PID=""

stop_server() {
    local status=$?
    if [ "$status" -ne 0 ] && [ -s "$LOG" ]; then
        say "failed (exit $status); the server's last log lines ($LOG):"
        tail -n 20 "$LOG" >&2
    fi
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        # The server runs in its own process group (setsid): stop the group, politely first.
        kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

PORT="$("$VPY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT/api"
start=$EPOCHREALTIME
PREFECT_HOME="$DATA/home" \
PREFECT_API_DATABASE_CONNECTION_URL="sqlite+aiosqlite:///$DATA/prefect.db" \
PREFECT_SERVER_ANALYTICS_ENABLED=false \
PREFECT_UI_ENABLED=false \
PREFECT_API_URL="$BASE" \
    setsid "$VENV/bin/prefect" server start --host 127.0.0.1 --port "$PORT" </dev/null >"$LOG" 2>&1 &
SERVER_PID=$!
deadline=$((SECONDS + START_TIMEOUT))
# GET with the venv's Python (no curl needed): prints the body, fails on errors and non-2xx.
http_get() {
    "$VPY" -c 'import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=float(sys.argv[2])) as r:
        sys.stdout.buffer.write(r.read())
except Exception as e:
    sys.exit(f"GET {sys.argv[1]}: {e}")' "$@"
}
until [ "$(http_get "$BASE/health" 5 2>/dev/null || true)" = "true" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null \
        || { tail -n 30 "$LOG" >&2; die "the Prefect server exited before it was healthy (log above, in full at $LOG)"; }
    [ "$SECONDS" -lt "$deadline" ] \
        || { tail -n 30 "$LOG" >&2; die "the Prefect server was not healthy within ${START_TIMEOUT}s (log: $LOG)"; }
    sleep 1
done
say "server healthy at $BASE after $(seconds_since "$start") s"

# --- 3. generate -----------------------------------------------------------------------------
http_get "$BASE/openapi.json" 30 >"$SCRATCH/prefect.json" \
    || die "could not fetch $BASE/openapi.json"
start=$EPOCHREALTIME
cargo build -q --locked -p specforge
selection=()
for op in "${OPERATIONS[@]}"; do selection+=(--operation "$op"); done
"$TARGET/debug/specforge" generate --spec "$SCRATCH/prefect.json" --crate prefect-client \
    --out "$CLIENT" --runtime-path ../../../runtime --serde-round-trip --derive-eq \
    "${selection[@]}" >/dev/null
say "generated $CLIENT from the server's document ($(wc -c <"$SCRATCH/prefect.json") bytes, ${#OPERATIONS[@]} operations) in $(seconds_since "$start") s"

# --- 4. build and run ------------------------------------------------------------------------
# The versions this repository is tested with (Cargo drops what a crate does not use). The
# client is a workspace of its own, so clippy lints it only when run there.
cp Cargo.lock "$DRIVER/Cargo.lock"
cp Cargo.lock "$CLIENT/Cargo.lock"
start=$EPOCHREALTIME
(cd "$CLIENT" && CARGO_TARGET_DIR="$SCRATCH/target" cargo clippy -q -- -D warnings) \
    || die "the generated client does not build cleanly (clippy, warnings denied)"
(cd "$DRIVER" && CARGO_TARGET_DIR="$SCRATCH/target" cargo clippy -q --all-targets -- -D warnings) \
    || die "the driver does not build cleanly (clippy, warnings denied)"
(cd "$DRIVER" && CARGO_TARGET_DIR="$SCRATCH/target" cargo build -q)
say "built in $(seconds_since "$start") s"
start=$EPOCHREALTIME
# The server root: the client joins the spec's relative server URL (/api) to it.
timeout "$SCENARIO_TIMEOUT" "$SCRATCH/target/debug/live-prefect" "http://127.0.0.1:$PORT"
say "scenario passed in $(seconds_since "$start") s"
