#!/usr/bin/env bash
# Corpus test: generates a crate (`specforge generate --crate`) from every real-world spec in
# the corpus, builds every generated crate with rustc warnings and clippy lints denied, and
# compares each spec's outcome with tests/corpus/expected.tsv.
#
#   scripts/corpus.sh            # fails on any difference from the expected table
#   scripts/corpus.sh --update   # rewrites the expected table and the README's corpus table
#
# Outcomes: `compiles`; `error` (the generator refused the spec with a located message); and
# the failures, never acceptable even when expected: `PANIC` (the generator crashed),
# `INTERNAL` (it produced code that does not parse), `BROKEN` (the crate does not compile, or
# warns, or clippy objects), `TIMEOUT` (generation took over $GENERATE_TIMEOUT seconds).
# Each spec also reports how many operations and schemas the generator left out (partial
# generation: its warnings) and why, grouped by reason; the target is 0 everywhere.
#
# - CORPUS_DIR: the corpus (default ../shared/corpus next to the repository); it holds
#   openapi-3.0/ and openapi-3.1/, each with MANIFEST.tsv (operation counts).
# - Scratch space: ${CARGO_TARGET_DIR:-target}/corpus. The generated crates are members of
#   one scratch workspace, so their dependencies build once and they are checked in parallel.
#   They are generated with the hidden `--conformance` module, which scripts/conformance.sh
#   then drives (so the corpus is generated once for both, and that module is clippy-checked).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CORPUS="${CORPUS_DIR:-$ROOT/../shared/corpus}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
SCRATCH="$TARGET/corpus"
EXPECTED="tests/corpus/expected.tsv"
GENERATE_TIMEOUT="${GENERATE_TIMEOUT:-600}"

die() { echo "corpus.sh: $*" >&2; exit 2; }

update=false
case "${1:-}" in
    "") ;;
    --update) update=true ;;
    *) die "usage: scripts/corpus.sh [--update]" ;;
esac
[ -d "$CORPUS/openapi-3.0" ] \
    || die "no corpus at $CORPUS (expected openapi-3.0/ and openapi-3.1/ in it): set CORPUS_DIR"

echo "corpus.sh: building specforge" >&2
cargo build -q --locked -p specforge
CODEGEN="$TARGET/debug/specforge"

rm -rf "$SCRATCH/crates"
mkdir -p "$SCRATCH/crates"
RESULTS="$SCRATCH/results.tsv"   # spec, outcome, left out, message (or why left out)
TIMES="$SCRATCH/times.tsv"       # spec, crate dir, seconds to generate
: >"$RESULTS"
: >"$TIMES"

# One line, without tabs: the table's field separator.
one_line() { head -n 1 | tr '\t' ' '; }

# From the generator's warnings on stdin: how many parts were left out, and why, as
# `N× reason; …` (most common first; reasons without file, line or pointer, so they group).
left_out() {
    grep -E '^warning: .* left out: ' \
        | sed -E 's/^warning: .* left out: .*: at `#[^`]*`: //' \
        | cut -c1-90 | sort | uniq -c | sort -k1,1nr -k2 \
        | awk '{ n += $1; count = $1; $1 = ""; sub(/^ /, ""); reasons = reasons (reasons ? "; " : "") count "× " $0 }
               END { printf "%d\t%s", n, reasons }' | tr '\t\n' '\t '
}

# Generates the spec at path $2 (labelled $1 in the tables) into crate dir $3, with any further
# arguments as options; appends its outcome.
generate() {
    local spec="$1" path="$2" dir="$3" err="$SCRATCH/stderr" rc=0 start end
    shift 3
    start=$EPOCHREALTIME
    timeout "$GENERATE_TIMEOUT" "$CODEGEN" generate --spec "$path" \
        --out "$SCRATCH/crates/$dir" --crate "$dir" --in-workspace --conformance --serde-round-trip "$@" 2>"$err" || rc=$?
    end=$EPOCHREALTIME
    printf '%s\t%s\t%s\n' "$spec" "$dir" "$(echo "$end - $start" | bc)" >>"$TIMES"
    local first
    first="$(one_line <"$err")"
    if [ "$rc" -eq 0 ]; then
        # `compiles` until the build says otherwise.
        printf '%s\tcompiles\t%s\n' "$spec" "$(left_out <"$err")" >>"$RESULTS"
    elif [ "$rc" -eq 124 ]; then
        printf '%s\tTIMEOUT\t-\tgeneration took over %ss\n' "$spec" "$GENERATE_TIMEOUT" >>"$RESULTS"
    elif [ "$rc" -eq 2 ] && [[ "$first" == "error: internal error"* ]]; then
        printf '%s\tINTERNAL\t-\t%s\n' "$spec" "${first#error: }" >>"$RESULTS"
    elif [ "$rc" -eq 2 ]; then
        # The message without the spec's absolute path: it starts at line:column.
        local message="${first#error: }"
        message="${message#"$path:"}"
        printf '%s\terror\t-\t%s\n' "$spec" "$message" >>"$RESULTS"
    else
        local panic
        panic="$(grep -m 1 'panicked' "$err" | one_line || true)"
        printf '%s\tPANIC\t-\texit %s: %s\n' "$spec" "$rc" "${panic:-$first}" >>"$RESULTS"
    fi
}

echo "corpus.sh: generating" >&2
for spec_path in "$CORPUS"/openapi-3.0/*.json "$CORPUS"/openapi-3.0/*.yaml \
                 "$CORPUS"/openapi-3.1/*.json "$CORPUS"/openapi-3.1/*.yaml; do
    [ -e "$spec_path" ] || continue
    spec="${spec_path#"$CORPUS/"}"
    version="${spec%%/*}"                 # openapi-3.0
    stem="$(basename "${spec%.*}")"
    # A package name: letters, digits and `-`, unique across versions.
    dir="v${version#openapi-}-$stem"
    dir="$(echo "$dir" | tr -c 'A-Za-z0-9\n' '-')"
    generate "$spec" "$spec_path" "$dir"
done
# Selections (--tag, --operation) must give crates that build cleanly too.
generate "local/tagged.yaml --tag pets" codegen/tests/specs/tagged.yaml local-tag --tag pets
generate "local/tagged.yaml --operation ping" codegen/tests/specs/tagged.yaml local-operation \
    --operation ping
generate "local/vpc.yaml --tag 'Traffic Mirror Sessions'" spec/vpc.yaml local-vpc-sessions \
    --tag "Traffic Mirror Sessions"
sort -o "$RESULTS" "$RESULTS"

# Build every generated crate at once, in one scratch workspace.
members="$(awk -F'\t' -v dir="$SCRATCH/crates" \
    '{ if (system("test -f " dir "/" $2 "/Cargo.toml") == 0) printf "    \"%s\",\n", $2 }' "$TIMES")"
if [ -n "$members" ]; then
    # The crates depend on the published runtime by version; this checkout's runtime stands in.
    printf '[workspace]\nresolver = "2"\nmembers = [\n%s\n]\n\n[patch.crates-io]\nspecforge-runtime = { path = "%s" }\n' \
        "$members" "$ROOT/runtime" >"$SCRATCH/crates/Cargo.toml"
    # The versions this repository is tested with (Cargo drops what the crates do not use).
    cp Cargo.lock "$SCRATCH/crates/Cargo.lock"
    echo "corpus.sh: building $(echo "$members" | wc -l) generated crates (clippy, warnings denied)" >&2
    build_log="$SCRATCH/build.log"
    start=$EPOCHREALTIME
    (cd "$SCRATCH/crates" && CARGO_TARGET_DIR="$SCRATCH/target" \
        cargo clippy --workspace --keep-going --message-format=short -- -D warnings) \
        >"$build_log" 2>&1 || true
    echo "corpus.sh: build took $(echo "$EPOCHREALTIME - $start" | bc | xargs printf '%.0f') s" >&2
    # A crate that failed: its first diagnostic becomes the message.
    while IFS=$'\t' read -r spec dir _; do
        grep -q "could not compile \`$dir\`" "$build_log" || continue
        diagnostic="$(grep -m 1 "^$dir/" "$build_log" | one_line || true)"
        awk -F'\t' -v OFS='\t' -v spec="$spec" -v msg="${diagnostic:-see $build_log}" \
            '$1 == spec { $2 = "BROKEN"; $4 = msg } { print }' "$RESULTS" >"$RESULTS.new"
        mv "$RESULTS.new" "$RESULTS"
    done <"$TIMES"
fi

# Operation counts from the corpus manifests, for the README.
operations() {
    local spec="$1" name
    name="$(basename "${spec%.*}")"
    local manifest="$CORPUS/${spec%%/*}/MANIFEST.tsv"
    [ -f "$manifest" ] || return 0
    awk -F'\t' -v name="$name" 'NR > 1 && $1 == name { print $7 }' "$manifest" | head -n 1
}

readme_table() {
    echo "| spec | operations | result | left out | generation |"
    echo "|---|---:|---|---:|---:|"
    while IFS=$'\t' read -r spec outcome omitted message; do
        local seconds result
        seconds="$(awk -F'\t' -v spec="$spec" '$1 == spec { printf "%.1f s", $3 }' "$TIMES")"
        result="$outcome"
        if [ -n "$message" ]; then
            # Table cells hold no `|`; long messages are cut.
            local short="${message//|/\\|}"
            [ "${#short}" -gt 140 ] && short="${short:0:140}…"
            result="$outcome: $short"
        fi
        echo "| \`$spec\` | $(operations "$spec") | $result | $omitted | $seconds |"
    done <"$RESULTS"
}

failures="$(awk -F'\t' '$2 ~ /^(PANIC|INTERNAL|BROKEN|TIMEOUT)$/' "$RESULTS")"
actual="$SCRATCH/expected.tsv"
{ printf 'spec\toutcome\tleft_out\tmessage\n'; cat "$RESULTS"; } >"$actual"

if $update; then
    cp "$actual" "$EXPECTED"
    table="$SCRATCH/readme-table.md"
    readme_table >"$table"
    awk -v table="$table" '
        /<!-- corpus:end -->/ { skipping = 0 }
        !skipping { print }
        /<!-- corpus:begin -->/ { while ((getline line < table) > 0) print line; skipping = 1 }
    ' README.md >"$SCRATCH/README.md"
    cp "$SCRATCH/README.md" README.md
    echo "corpus.sh: wrote $EXPECTED and the README's corpus table" >&2
elif ! diff -u --label "$EXPECTED (expected)" --label "$EXPECTED (this run)" "$EXPECTED" "$actual"; then
    echo "corpus.sh: outcomes differ from $EXPECTED (above); if the change is intended, run scripts/corpus.sh --update and commit the result" >&2
    exit 1
fi

if [ -n "$failures" ]; then
    echo "corpus.sh: never acceptable, expected or not:" >&2
    echo "$failures" >&2
    exit 1
fi
echo "corpus.sh: $(grep -c $'\tcompiles\t' "$RESULTS" || true) of $(wc -l <"$RESULTS") specs compile; the rest are refused as expected" >&2
echo "corpus.sh: left out (operations and schemas the generator cannot express yet): $(awk -F'\t' '$3 ~ /^[0-9]+$/ { n += $3 } END { print n + 0 }' "$RESULTS") in all" >&2
awk -F'\t' '$3 ~ /^[0-9]+$/ && $3 > 0 { printf "  %s: %s left out: %s\n", $1, $3, $4 }' "$RESULTS" >&2
