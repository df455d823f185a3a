# Sourced by scripts/bench-sotu and scripts/bench-g2p: the names of one timed benchmark run.
#   bench_run NAME MINUTES   sets STAMP, RUN (work directory) and OUT (result file, without extension)
# and exports BRAID_COMMIT, the commit that is built and run: taken at the start, since a commit made
# during a long run is not what ran.
bench_run() {
  local name="$1" minutes="$2"
  STAMP="$(date -u +%Y%m%d-%H%M%S)"
  export BRAID_COMMIT="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
  RUN="$ROOT/bench/work/$name-$STAMP"
  # the 30-minute budget is the side-by-side point with the peers; a longer budget gets its own file
  local suffix=""; [[ "$minutes" != 30 ]] && suffix="-${minutes}min"
  OUT="$ROOT/bench/results/$name-$(date -u +%Y-%m-%d)$suffix"
  mkdir -p "$ROOT/bench/results" "$ROOT/bench/work"
}
