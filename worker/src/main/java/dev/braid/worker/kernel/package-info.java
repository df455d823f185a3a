/**
 * The numeric kernels under Braid's recurrent core: GEMM through OpenBLAS and fused element-wise cell
 * kernels on Java arrays.
 *
 * <h2>Why not ND4J ops</h2>
 * Measured on the 2-core AVX-512 machine (2026-11-22): one ND4J 1.0.0-M2.1 element-wise op on a
 * {@code [32, 256]} float array costs 50–160 µs (14 µs even on {@code [8, 16]}), against 1.6 µs for the
 * same multiply and 6 µs for a tanh in Java with the Vector API (whose transcendental functions are
 * SVML intrinsics on x86). An LSTM step needs about 30 element-wise ops per layer and timestep, so with
 * ND4J ops the bookkeeping would cost more than the GEMMs. The kernels here therefore fuse each cell's
 * element-wise work into one pass over plain arrays, and only matrix products go to native BLAS.
 *
 * <h2>Two precisions, one cell</h2>
 * {@link dev.braid.worker.kernel.Kernels} has a fast {@code float} implementation
 * ({@link dev.braid.worker.kernel.VectorKernels}) and a plain scalar {@code double} one
 * ({@link dev.braid.worker.kernel.ReferenceKernels}). The cells, models and training loop are written
 * once against the interface; finite-difference gradient checks run them in double precision, and a
 * kernel test holds the float kernels to the double ones.
 *
 * <h2>GPUs</h2>
 * {@link dev.braid.worker.kernel.CudaKernels} implements the same interface on a CUDA device: buffers in
 * device memory ({@code Buf.Dev}), GEMM through cuBLAS (found at run time with dlopen), and Braid's own
 * CUDA kernels ({@code worker/src/main/cuda}, built by nvcc into a JNI library packed in the jar), whose
 * cell math is shared with the host and tested against these kernels on every machine.
 * {@link dev.braid.worker.kernel.DeviceChoice} decides per task ({@code worker.device}).
 */
package dev.braid.worker.kernel;
