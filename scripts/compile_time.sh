#!/usr/bin/env bash
# Compile time of generated clients: `cargo check` and `cargo build` (debug) of the generated
# crate alone, from scratch and non-incremental (`CARGO_INCREMENTAL=0`, the crate's own
# artifacts removed before each run; its dependencies prebuilt once), the way a user's first
# build compiles it. Ours and progenitor's crate for the same spec are timed in alternation
# in one run and printed as paired ratios; ours for GitHub's spec too when asked
# (WITH_GITHUB=1: minutes of CPU per round).
#
#   scripts/compile_time.sh [SPEC]           SPEC: a path or a corpus file name
#                                            (default oxide-nexus.json)
#   RUNS=N                                   alternating rounds (default 3)
#   WITH_GITHUB=1                            also time ours on github.json
#   COMPILE_TIME_DIR=DIR                     keep the crates and their target dir in DIR
#                                            (a second run reuses the built dependencies)
#
# See perf_common.sh for the environment it reads. The crates are built in a scratch
# directory with their own target dir (the first run downloads and builds their
# dependencies).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/perf_common.sh"

RUNS=${RUNS:-3}
SPEC=$(resolve_spec "${1:-oxide-nexus.json}")
WITH_GITHUB=${WITH_GITHUB:-0}
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

# `prebuild DIR`: builds the crate and its dependencies once (check and build), so that the
# timed runs compile only the generated crate itself.
prebuild() {
  local dir=$1
  (cd "$dir" && CARGO_TARGET_DIR=$SCRATCH_TARGET cargo check -q $(all_tags "$dir") >"$WORK/first.log" 2>&1 &&
    CARGO_TARGET_DIR=$SCRATCH_TARGET cargo build -q $(all_tags "$dir") >>"$WORK/first.log" 2>&1)
}

# A crate split into a cargo feature per tag (`--crate` on a big spec) compiles nothing but
# its core by default: `--features full` turns every tag on, so the whole API is timed.
all_tags() {
  grep -q '^"full" = ' "$1/Cargo.toml" && echo "--features full"
  return 0
}

# `compile_once DIR CARGO_COMMAND`: compiles the generated crate from scratch, as a user's
# first build does: its own artifacts removed (`cargo clean -p`), dependencies kept, and no
# incremental cache (`CARGO_INCREMENTAL=0`), so rustc cannot reuse an earlier analysis.
# Prints "<wall s> <CPU s> <peak RSS KiB>".
compile_once() {
  local dir=$1 command=$2 name
  name=$(sed -n 's/^name = "\(.*\)"/\1/p' "$dir/Cargo.toml" | head -n 1)
  (cd "$dir" && CARGO_TARGET_DIR=$SCRATCH_TARGET cargo clean -q -p "$name" >/dev/null 2>&1)
  (cd "$dir" && CARGO_TARGET_DIR=$SCRATCH_TARGET CARGO_INCREMENTAL=0 \
    measure "$WORK/compile.log" cargo "$command" -q $(all_tags "$dir")) | awk '{ print $2, $4, $3 }'
}

# Times DIRS (missing ones skipped) in alternation, RUNS rounds, for `cargo check` and
# `cargo build`: round i compiles every crate once before round i+1 starts, so a machine
# that gets busier or quieter affects all crates alike. Writes DIR.times:
# "<check wall> <check CPU> <build wall> <build CPU> <check peak RSS MiB> <build peak RSS MiB>"
# (means; RSS the largest sample).
time_alternating() {
  local dir command round
  for dir in "$@"; do
    [[ -d $dir ]] || continue
    prebuild "$dir" || { echo "failed failed failed failed failed failed" >"$WORK/$(basename "$dir").times"; continue; }
    : >"$WORK/$(basename "$dir").samples"
  done
  for ((round = 0; round < RUNS; round++)); do
    for command in check build; do
      for dir in "$@"; do
        [[ -f $WORK/$(basename "$dir").samples ]] || continue
        echo "$command $(compile_once "$dir" "$command")" >>"$WORK/$(basename "$dir").samples"
      done
    done
  done
  for dir in "$@"; do
    [[ -f $WORK/$(basename "$dir").samples ]] || continue
    awk '$1 == "check" { cw += $2; cc += $3; n++; if ($4 > cr) cr = $4 }
      $1 == "build" { bw += $2; bc += $3; if ($4 > br) br = $4 }
      END { printf "%.2f %.2f %.2f %.2f %d %d\n", cw / n, cc / n, bw / n, bc / n, cr / 1024, br / 1024 }' \
      "$WORK/$(basename "$dir").samples" >"$WORK/$(basename "$dir").times"
  done
}

# One table row: LABEL DIR (DIR missing: generation failed)
row() {
  local label=$1 dir=$2 times="n/a n/a n/a n/a n/a n/a" lines=n/a
  if [[ -f $WORK/$(basename "$dir").times ]]; then
    times=$(cat "$WORK/$(basename "$dir").times")
    lines=$(cat "$dir"/src/*.rs | wc -l)
  fi
  read -r check_wall check_cpu build_wall build_cpu check_rss build_rss <<<"$times"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$lines" "$check_wall" "$check_cpu" \
    "$check_rss" "$build_wall" "$build_cpu" "$build_rss"
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
rm -rf "$gh_dir"
if [[ $WITH_GITHUB == 1 ]]; then
  our_crate "$(resolve_spec github.json)" ours-github "$gh_dir" >&2 || rm -rf "$gh_dir"
fi

echo "== compiling, $RUNS alternating rounds (CARGO_INCREMENTAL=0, dependencies prebuilt)" >&2
time_alternating "$ours_dir" "$prog_dir" "$gh_dir"

echo
echo "| crate | lines | cargo check wall (s) | check CPU (s) | check peak RSS (MiB) | cargo build wall (s) | build CPU (s) | build peak RSS (MiB) |"
echo "|---|---|---|---|---|---|---|---|"
row "ours, $label" "$ours_dir"
row "progenitor, $label" "$prog_dir"
[[ $WITH_GITHUB == 1 ]] && row "ours, github" "$gh_dir"

if [[ -f $WORK/ours-$label.times && -f $WORK/progenitor-$label.times ]]; then
  read -r ocw occ obw obc _ _ <"$WORK/ours-$label.times"
  read -r pcw pcc pbw pbc _ _ <"$WORK/progenitor-$label.times"
  echo
  echo "ours / progenitor on $label: cargo check $(ratio "$ocw" "$pcw") (CPU $(ratio "$occ" "$pcc")), cargo build $(ratio "$obw" "$pbw") (CPU $(ratio "$obc" "$pbc"))"
fi
