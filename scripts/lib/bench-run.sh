# Sourced by scripts/bench-sotu and scripts/bench-g2p: the arguments and names of one timed run.
#   bench_run NAME [--resume RUN | --init-from RUN] [MINUTES] [--set key=value ...]
# sets MINUTES (default 30), RUN (the run directory: a new one under bench/work, or the one --resume
# continues), START (the braid train options --resume, or --init-from RUN/model, or empty), OUT
# (result file, without extension) and SETS (the remaining arguments), and exports BRAID_COMMIT, the
# commit that is built and run: taken at the start, since a commit made during a long run is not what
# ran. A run records its commands in RUN.command (one line per sitting) and, with --init-from, its
# parent run in RUN.parent, so that a result can state every stage that trained its model.
bench_run() {
  local name="$1"; shift
  START=()
  RUN="$ROOT/bench/work/$name-$(date -u +%Y%m%d-%H%M%S)"
  if [[ "${1:-}" == --resume ]]; then
    [[ -d "${2:-}" ]] || { echo "--resume needs the run directory to continue, e.g. bench/work/$name-<time> (got '${2:-}')" >&2; exit 2; }
    RUN="$(cd "$2" && pwd)"; START=(--resume); shift 2
  elif [[ "${1:-}" == --init-from ]]; then
    [[ -d "${2:-}/model" ]] || { echo "--init-from needs a finished run directory holding model/, e.g. bench/work/$name-<time> (got '${2:-}')" >&2; exit 2; }
    mkdir -p "$ROOT/bench/work"
    (cd "$2" && pwd) > "$RUN.parent"; START=(--init-from "$(cat "$RUN.parent")/model"); shift 2
  fi
  MINUTES="${1:-30}"; shift || true
  SETS=("$@")
  export BRAID_COMMIT="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
  # the 30-minute budget is the side-by-side point with the peers; a longer budget gets its own file
  local suffix=""; [[ "$MINUTES" != 30 || ${#START[@]} -gt 0 ]] && suffix="-${MINUTES}min"
  [[ "${START[0]:-}" == --init-from ]] && suffix="-finetuned-${MINUTES}min"
  OUT="$ROOT/bench/results/$name-$(date -u +%Y-%m-%d)$suffix"
  mkdir -p "$ROOT/bench/results" "$ROOT/bench/work"
  if [[ "${START[0]:-}" == --resume ]]; then echo "$COMMAND" >> "$RUN.command"; else echo "$COMMAND" > "$RUN.command"; fi
}
