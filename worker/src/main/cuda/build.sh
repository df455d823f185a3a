#!/usr/bin/env bash
# Builds libbraidcuda.so (Braid's CUDA kernels + JNI) into OUT_DIR when nvcc is present; otherwise says
# so and exits 0: the worker then runs on the CPU everywhere, and says why when a GPU is asked for.
#   build.sh OUT_DIR JAVA_HOME
# Called by Maven (worker/pom.xml, generate-resources). Rebuilds only when a source is newer.
set -euo pipefail
OUT="$1"; JDK="$2"
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NVCC="$(command -v nvcc || true)"
for c in /usr/local/cuda/bin/nvcc /usr/local/bin/nvcc; do [[ -z "$NVCC" && -x "$c" ]] && NVCC="$c"; done
if [[ -z "$NVCC" ]]; then
  echo "braid: nvcc not found: building the worker without its CUDA library (GPU workers fall back to the CPU)"
  exit 0
fi
LIB="$OUT/libbraidcuda.so"
if [[ -f "$LIB" && -z "$(find "$SRC" -newer "$LIB" \( -name '*.cu' -o -name '*.cuh' \) -print -quit)" ]]; then
  exit 0
fi
[[ -d "$JDK/include" ]] || JDK="$(dirname "$JDK")"   # a JRE's java.home inside a JDK
mkdir -p "$OUT"
# sm_90 machine code for H100/H200 and compute_90 PTX that newer GPUs compile at load time
"$NVCC" -O3 -shared -Xcompiler -fPIC -cudart static \
  -gencode arch=compute_90,code=sm_90 -gencode arch=compute_90,code=compute_90 \
  -I"$JDK/include" -I"$JDK/include/linux" "$SRC/braid_cuda.cu" -ldl -o "$LIB.tmp"
mv "$LIB.tmp" "$LIB"
echo "braid: built $LIB with $NVCC"
