#!/usr/bin/env bash
# Compile time of generated clients: `cargo check` and `cargo build` (debug) of the generated
# crate alone — its dependencies are built first, then only the crate is rebuilt
# (`touch src/lib.rs`) and timed. Ours against progenitor's crate for the same spec, and ours
# for GitHub's spec.
#
#   scripts/compile_time.sh [SPEC]           SPEC: a path or a corpus file name
#                                            (default oxide-nexus.json)
#   RUNS=N                                   timed rebuilds per figure (default 3)
#
# See perf_common.sh for the environment it reads. The crates are built in a scratch
# directory with their own target dir (the first run downloads and builds their
# dependencies).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/perf_common.sh"

RUNS=${RUNS:-3}
SPEC=$(resolve_spec "${1:-oxide-nexus.json}")
GITHUB=$(resolve_spec github.json)
WORK=${COMPILE_TIME_DIR:-$(mktemp -d)}
SCRATCH_TARGET=$WORK/target
mkdir -p "$WORK"

build_codegen
find_progenitor

# (Functions called after `||` run without `set -e`: each step that can fail returns.)

# Our crate from SPEC in DIR: with `specforge generate --crate` when the CLI has it, else a
# Cargo.toml and a lib.rs that includes the generated file, made here.
our_crate() { # SPEC NAME DIR
  local spec=$1 name=$2 dir=$3
  rm -rf "$dir"
  if "$CODEGEN" generate --help | grep -q -- '--crate'; then
    "$CODEGEN" generate --spec "$spec" --crate "$name" --out "$dir" \
      --runtime-path "$ROOT/runtime" || return 1
  else
    mkdir -p "$dir/src"
    "$CODEGEN" generate --spec "$spec" --out "$dir/src" --file-name client.rs || return 1
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$name"
version = "0.1.0"
edition = "2021"

[dependencies]
specforge-runtime = { path = "$ROOT/runtime" }
serde = { version = "1", features = ["derive"] }
EOF
    echo 'include!("client.rs");' >"$dir/src/lib.rs"
  fi
  standalone "$dir"
  # The workspace's lock file: the runtime's dependencies at the versions we test with.
  cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
}

progenitor_crate() { # SPEC NAME DIR
  rm -rf "$3"
  "$PROGENITOR" progenitor -i "$1" -o "$3" -n "$2" -v 0.1.0 || return 1
  standalone "$3"
}

# A crate in a scratch dir must not look for a parent workspace.
standalone() {
  grep -q '^\[workspace\]' "$1/Cargo.toml" || printf '\n[workspace]\n' >>"$1/Cargo.toml"
}

# `rebuild_time DIR CARGO_COMMAND`: builds everything once, then times rebuilding the crate
# alone; prints "<mean wall s> <mean CPU s>" (CPU time: the steadier figure on a shared
# machine).
rebuild_time() {
  local dir=$1 command=$2
  (cd "$dir" && CARGO_TARGET_DIR=$SCRATCH_TARGET cargo "$command" -q >"$WORK/first.log" 2>&1) || {
    echo "failed failed"
    return
  }
  local json
  json=$WORK/$(basename "$dir")-$command.json
  if command -v hyperfine >/dev/null; then
    (cd "$dir" && CARGO_TARGET_DIR=$SCRATCH_TARGET hyperfine -N -r "$RUNS" \
      --prepare "touch src/lib.rs" --export-json "$json" "cargo $command -q") >&2
    jq -r '.results[0] | "\(.mean * 100 | round / 100) \(.user + .system | . * 100 | round / 100)"' "$json"
  else
    local i
    for ((i = 0; i < RUNS; i++)); do
      touch "$dir/src/lib.rs"
      (cd "$dir" && CARGO_TARGET_DIR=$SCRATCH_TARGET measure "$WORK/rebuild.log" cargo "$command" -q)
    done | awk '{ w += $2; c += $4 } END { printf "%.2f %.2f\n", w / NR, c / NR }'
  fi
}

# One table row: LABEL DIR (DIR missing: generation failed)
row() {
  local label=$1 dir=$2 check="n/a n/a" build="n/a n/a" lines=n/a
  if [[ -d $dir ]]; then
    check=$(rebuild_time "$dir" check)
    build=$(rebuild_time "$dir" build)
    lines=$(cat "$dir"/src/*.rs | wc -l)
  fi
  read -r check_wall check_cpu <<<"$check"
  read -r build_wall build_cpu <<<"$build"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$lines" "$check_wall" "$check_cpu" \
    "$build_wall" "$build_cpu"
  echo "$check_wall $check_cpu $build_wall $build_cpu" >"$WORK/$(basename "$dir").times"
}

label=$(basename "$SPEC" .json)
label=${label%.yaml}
ours_dir=$WORK/ours-$label
prog_dir=$WORK/progenitor-$label
gh_dir=$WORK/ours-github

echo "== generating the crates in $WORK" >&2
# A generator that fails leaves no directory: its row reads n/a.
our_crate "$SPEC" "ours-$label" "$ours_dir" >&2 || rm -rf "$ours_dir"
progenitor_crate "$SPEC" "progenitor-$label" "$prog_dir" >&2 || rm -rf "$prog_dir"
our_crate "$GITHUB" ours-github "$gh_dir" >&2 || rm -rf "$gh_dir"

echo
echo "| crate | lines | cargo check wall (s) | check CPU (s) | cargo build wall (s) | build CPU (s) |"
echo "|---|---|---|---|---|---|"
row "ours, $label" "$ours_dir"
row "progenitor, $label" "$prog_dir"
row "ours, github" "$gh_dir"

if [[ -f $WORK/ours-$label.times && -f $WORK/progenitor-$label.times ]]; then
  read -r ocw occ obw obc <"$WORK/ours-$label.times"
  read -r pcw pcc pbw pbc <"$WORK/progenitor-$label.times"
  echo
  echo "ours / progenitor on $label: cargo check $(ratio "$ocw" "$pcw") (CPU $(ratio "$occ" "$pcc")), cargo build $(ratio "$obw" "$pbw") (CPU $(ratio "$obc" "$pbc"))"
fi
