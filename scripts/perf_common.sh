# Shared by compare_progenitor.sh and compile_time.sh (sourced, not run).
#
# Environment:
#   CARGO_TARGET_DIR  where our release CLI is built (default: <repo>/target)
#   CODEGEN_CORPUS    the OpenAPI 3.0 corpus (default: <repo>/../shared/corpus/openapi-3.0)
#   PROGENITOR        a cargo-progenitor binary to use instead of searching for one
#   CODEGEN_TOOLS     where a missing cargo-progenitor is installed
#                     (default: ${XDG_CACHE_HOME:-~/.cache}/codegen-tools)
#   SPECFORGE         a specforge binary to measure instead of building this checkout's
#                     (e.g. an older build, for a before/after pair)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
CORPUS=${CODEGEN_CORPUS:-$ROOT/../shared/corpus/openapi-3.0}
TOOLS=${CODEGEN_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/codegen-tools}
CODEGEN=${SPECFORGE:-$TARGET_DIR/release/specforge}

# A spec argument: an existing path, or a file name in the corpus.
resolve_spec() {
  if [[ -f $1 ]]; then
    echo "$1"
  elif [[ -f $CORPUS/$1 ]]; then
    echo "$CORPUS/$1"
  else
    echo "no spec $1 (neither a file nor in $CORPUS; set CODEGEN_CORPUS)" >&2
    return 1
  fi
}

build_codegen() {
  if [[ -n ${SPECFORGE:-} ]]; then
    echo "== using $SPECFORGE" >&2
    return
  fi
  echo "== building the codegen CLI (release)" >&2
  (cd "$ROOT" && cargo build --release -q -p specforge --bin specforge)
}

# Sets PROGENITOR: $PROGENITOR, then /work/tools/progenitor, PATH, the tools cache; installs
# into the cache when none is found.
find_progenitor() {
  local candidate
  for candidate in "${PROGENITOR:-}" /work/tools/progenitor/bin/cargo-progenitor \
    "$(command -v cargo-progenitor || true)" "$TOOLS/bin/cargo-progenitor"; do
    if [[ -n $candidate && -x $candidate ]]; then
      PROGENITOR=$candidate
      return
    fi
  done
  echo "== installing cargo-progenitor into $TOOLS (takes a few minutes)" >&2
  cargo install -q cargo-progenitor --root "$TOOLS" >&2
  PROGENITOR=$TOOLS/bin/cargo-progenitor
}

# Runs our CLI: SPEC OUT_DIR FILE_NAME
run_ours() {
  "$CODEGEN" generate --spec "$1" --out "$2" --file-name "$3"
}

# Runs progenitor's generator, called as `cargo progenitor` would call it: SPEC OUT_DIR NAME
run_progenitor() {
  "$PROGENITOR" progenitor -i "$1" -o "$2" -n "$3" -v 0.1.0
}

# `measure LOG cmd...`: runs cmd under /usr/bin/time -v (output kept in LOG); prints
# "<status> <wall s> <peak RSS KiB> <CPU s (user + system)>". CPU time is the steadier figure
# on a shared machine, where wall time includes waiting for a core.
measure() {
  local log=$1
  shift
  local status=0
  /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1 || status=$?
  awk -F': ' -v status="$status" '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = 0;
      for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
    /Maximum resident set size/ { rss = $2 }
    /User time \(seconds\)|System time \(seconds\)/ { cpu += $2 }
    END { print status, wall, rss, cpu }' "$log.time"
}

# Why a run failed: the first error line, or a panic's location and message.
failure_reason() {
  grep -m 1 -A 1 -iE "panicked|error" "$1" | cut -c1-300
}

# A / B to two decimals, or n/a when either is not a number.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { num = "^[0-9.]+$";
    if (a ~ num && b ~ num && b > 0) printf "%.2f", a / b; else print "n/a" }'
}
