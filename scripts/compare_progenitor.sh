#!/usr/bin/env bash
# Generator speed against progenitor: the whole CLI run of each on the same spec, wall and CPU
# time (hyperfine when installed, else the mean of a few /usr/bin/time runs) and peak RSS.
# Then ours alone on GitHub's 13 MB spec, which progenitor cannot generate (its failure is
# shown).
#
#   scripts/compare_progenitor.sh [SPEC]     SPEC: a path or a corpus file name
#                                            (default oxide-nexus.json)
#   RUNS=N                                   timed runs per command (default 5)
#
# See perf_common.sh for the environment it reads (corpus, target dir, progenitor).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/perf_common.sh"

RUNS=${RUNS:-5}
SPEC=$(resolve_spec "${1:-oxide-nexus.json}")
GITHUB=$(resolve_spec github.json)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

build_codegen
find_progenitor
echo "== ours: $CODEGEN" >&2
echo "== progenitor: $PROGENITOR ($("$PROGENITOR" progenitor --version 2>/dev/null || echo "version unknown"))" >&2

# `timing NAME CMD`: "<mean wall s> <σ> <mean CPU s>" of CMD over $RUNS runs after a warm-up.
timing() {
  local name=$1 cmd=$2
  if command -v hyperfine >/dev/null; then
    hyperfine -N -w 1 -r "$RUNS" --prepare "rm -rf $WORK/out-$name" \
      --export-json "$WORK/$name.json" -n "$name" "$cmd" >&2
    jq -r '.results[0] | "\(.mean) \(.stddev) \(.user + .system)"' "$WORK/$name.json"
  else
    local i
    for ((i = 0; i < RUNS; i++)); do
      rm -rf "$WORK/out-$name"
      eval "measure $WORK/$name.loop $cmd"
    done | awk '{ w += $2; ww += $2 * $2; c += $4 }
      END { m = w / NR; v = ww / NR - m * m; print m, (v > 0 ? sqrt(v) : 0), c / NR }'
  fi
}

# `row TOOL LABEL CMD...`: one table row; time is measured only when CMD succeeds.
row() {
  local tool=$1 label=$2
  shift 2
  local status wall rss cpu rss_mib
  rm -rf "$WORK/out-$tool-$label"
  read -r status wall rss cpu < <(measure "$WORK/$tool-$label.log" "$@")
  rss_mib=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
  if [[ $status == 0 ]]; then
    local mean sd cpu_mean
    read -r mean sd cpu_mean < <(timing "$tool-$label" "${*@Q}")
    printf '| %s | %s | ok | %.3f ± %.3f | %.3f | %s |\n' "$label" "$tool" "$mean" "$sd" \
      "$cpu_mean" "$rss_mib"
    echo "$mean $cpu_mean $rss" >"$WORK/$tool-$label.result"
  else
    printf '| %s | %s | failed after %s s (CPU %s s): %s | — | — | %s |\n' "$label" "$tool" \
      "$wall" "$cpu" "$(failure_reason "$WORK/$tool-$label.log" | tr '\n|' ' /')" "$rss_mib"
  fi
}

ours() { # SPEC LABEL
  row ours "$2" "$CODEGEN" generate --spec "$1" --out "$WORK/out-ours-$2" --file-name client.rs
}

progenitor() { # SPEC LABEL
  row progenitor "$2" "$PROGENITOR" progenitor -i "$1" -o "$WORK/out-progenitor-$2" \
    -n "$2-client" -v 0.1.0
}

label=$(basename "$SPEC" .json)
label=${label%.yaml}

{
  echo
  echo "| spec | generator | result | wall time (s) | CPU time (s) | peak RSS (MiB) |"
  echo "|---|---|---|---|---|---|"
  ours "$SPEC" "$label"
  progenitor "$SPEC" "$label"
  ours "$GITHUB" github
  progenitor "$GITHUB" github
} | tee "$WORK/table.md"

if [[ -f $WORK/ours-$label.result && -f $WORK/progenitor-$label.result ]]; then
  read -r ow oc orss <"$WORK/ours-$label.result"
  read -r pw pc prss <"$WORK/progenitor-$label.result"
  echo
  echo "ours / progenitor on $label: wall time $(ratio "$ow" "$pw"), CPU time $(ratio "$oc" "$pc"), peak RSS $(ratio "$orss" "$prss")"
else
  echo
  echo "no ratio for $label: a generator failed on it (see the table)"
fi
