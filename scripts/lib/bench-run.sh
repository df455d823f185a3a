# Sourced by scripts/bench-sotu and scripts/bench-g2p: the arguments and names of one timed run.
#   bench_run NAME [--resume RUN] [MINUTES] [--set key=value ...]
# sets MINUTES (default 30), RUN (the run directory: a new one under bench/work, or the one --resume
# continues), RESUME (the braid train option, or empty), OUT (result file, without extension) and
# SETS (the remaining arguments), and exports BRAID_COMMIT, the commit that is built and run: taken at
# the start, since a commit made during a long run is not what ran.
bench_run() {
  local name="$1"; shift
  RESUME=()
  RUN="$ROOT/bench/work/$name-$(date -u +%Y%m%d-%H%M%S)"
  if [[ "${1:-}" == --resume ]]; then
    [[ -d "${2:-}" ]] || { echo "--resume needs the run directory to continue, e.g. bench/work/$name-<time> (got '${2:-}')" >&2; exit 2; }
    RUN="$(cd "$2" && pwd)"; RESUME=(--resume); shift 2
  fi
  MINUTES="${1:-30}"; shift || true
  SETS=("$@")
  export BRAID_COMMIT="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
  # the 30-minute budget is the side-by-side point with the peers; a longer budget gets its own file
  local suffix=""; [[ "$MINUTES" != 30 || ${#RESUME[@]} -gt 0 ]] && suffix="-${MINUTES}min"
  OUT="$ROOT/bench/results/$name-$(date -u +%Y-%m-%d)$suffix"
  mkdir -p "$ROOT/bench/results" "$ROOT/bench/work"
}
