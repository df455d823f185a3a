// Braid's CUDA kernels behind dev.braid.worker.kernel.CudaKernels, as a JNI library. cuBLAS is not
// linked: its few entry points are declared here and found at run time with dlopen (libcublas.so.13,
// then .12), so the library needs only libc/libstdc++ and builds where no GPU or cuBLAS is installed.
// Every reduction runs in a fixed order (fixed grids, one thread per output column), so a result
// depends on the inputs only: same seed + data -> same bits, as on the CPU.
#include <jni.h>
#include <cuda_runtime.h>
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "braid_cells.cuh"

#define JNI_FN(name) JNIEXPORT void JNICALL Java_dev_braid_worker_kernel_CudaNative_##name
#define F(p) reinterpret_cast<float*>(static_cast<uintptr_t>(p))
#define I(p) reinterpret_cast<int*>(static_cast<uintptr_t>(p))

static const int THREADS = 256;
static const int REDUCE_BLOCKS = 256;

static int blocks(long n) {
    long b = (n + THREADS - 1) / THREADS;
    return (int) (b < 1 ? 1 : (b > 65535 ? 65535 : b));
}

// ---- cuBLAS, found at run time ----
typedef int (*cublasCreate_fn)(void**);
typedef int (*cublasDestroy_fn)(void*);
typedef int (*cublasSgemm_fn)(void*, int, int, int, int, int, const float*, const float*, int, const float*, int,
                              const float*, float*, int);
static void* cublasLib = nullptr;
static cublasCreate_fn pCreate = nullptr;
static cublasDestroy_fn pDestroy = nullptr;
static cublasSgemm_fn pSgemm = nullptr;

extern "C" {

// ---- runtime, memory, cuBLAS ----

JNIEXPORT jint JNICALL Java_dev_braid_worker_kernel_CudaNative_deviceCount(JNIEnv*, jclass) {
    int n = 0;
    cudaError_t e = cudaGetDeviceCount(&n);
    return e == cudaSuccess ? n : -(int) e;
}

JNIEXPORT jstring JNICALL Java_dev_braid_worker_kernel_CudaNative_errorString(JNIEnv* env, jclass, jint code) {
    return env->NewStringUTF(cudaGetErrorString((cudaError_t) code));
}

JNIEXPORT jint JNICALL Java_dev_braid_worker_kernel_CudaNative_setDevice(JNIEnv*, jclass, jint device) {
    return (jint) cudaSetDevice(device);
}

JNIEXPORT jstring JNICALL Java_dev_braid_worker_kernel_CudaNative_deviceName(JNIEnv* env, jclass, jint device) {
    cudaDeviceProp prop;
    if (cudaGetDeviceProperties(&prop, device) != cudaSuccess) {
        return env->NewStringUTF("unknown");
    }
    return env->NewStringUTF(prop.name);
}

JNIEXPORT jlong JNICALL Java_dev_braid_worker_kernel_CudaNative_malloc(JNIEnv*, jclass, jlong bytes) {
    void* p = nullptr;
    if (cudaMalloc(&p, bytes < 4 ? 4 : bytes) != cudaSuccess) {
        return 0;
    }
    cudaMemset(p, 0, bytes < 4 ? 4 : bytes);
    return (jlong) (uintptr_t) p;
}

JNI_FN(free)(JNIEnv*, jclass, jlong p) { cudaFree((void*) (uintptr_t) p); }

JNIEXPORT jint JNICALL Java_dev_braid_worker_kernel_CudaNative_upload(JNIEnv* env, jclass, jlong dst, jfloatArray src,
                                                                      jint off, jint n) {
    float* h = (float*) env->GetPrimitiveArrayCritical(src, nullptr);
    cudaError_t e = cudaMemcpy(F(dst), h + off, (size_t) n * 4, cudaMemcpyHostToDevice);
    env->ReleasePrimitiveArrayCritical(src, h, JNI_ABORT);
    return (jint) e;
}

JNIEXPORT jint JNICALL Java_dev_braid_worker_kernel_CudaNative_uploadInts(JNIEnv* env, jclass, jlong dst, jintArray src,
                                                                          jint off, jint n) {
    int* h = (int*) env->GetPrimitiveArrayCritical(src, nullptr);
    cudaError_t e = cudaMemcpy(I(dst), h + off, (size_t) n * 4, cudaMemcpyHostToDevice);
    env->ReleasePrimitiveArrayCritical(src, h, JNI_ABORT);
    return (jint) e;
}

JNIEXPORT jint JNICALL Java_dev_braid_worker_kernel_CudaNative_download(JNIEnv* env, jclass, jlong src, jfloatArray dst,
                                                                        jint off, jint n) {
    float* h = (float*) env->GetPrimitiveArrayCritical(dst, nullptr);
    cudaError_t e = cudaMemcpy(h + off, F(src), (size_t) n * 4, cudaMemcpyDeviceToHost);
    env->ReleasePrimitiveArrayCritical(dst, h, 0);
    return (jint) e;
}

JNIEXPORT jint JNICALL Java_dev_braid_worker_kernel_CudaNative_copy(JNIEnv*, jclass, jlong dst, jlong src, jlong n) {
    return (jint) cudaMemcpyAsync(F(dst), F(src), (size_t) n * 4, cudaMemcpyDeviceToDevice, 0);
}

JNIEXPORT jint JNICALL Java_dev_braid_worker_kernel_CudaNative_synchronize(JNIEnv*, jclass) {
    cudaError_t e = cudaGetLastError();
    return (jint) (e != cudaSuccess ? e : cudaDeviceSynchronize());
}

// why the last loadCublas failed: each name tried with dlopen's own reason (dlerror), for the report
static char cublasWhy[2048] = "";

// 0: loaded; 1: no libcublas.so.13/.12; 2: a symbol is missing.
JNIEXPORT jint JNICALL Java_dev_braid_worker_kernel_CudaNative_loadCublas(JNIEnv*, jclass) {
    if (pSgemm != nullptr) {
        return 0;
    }
    const char* names[] = {"libcublas.so.13", "libcublas.so.12", "libcublas.so"};
    cublasWhy[0] = '\0';
    for (const char* name : names) {
        cublasLib = dlopen(name, RTLD_NOW | RTLD_GLOBAL);
        if (cublasLib != nullptr) {
            break;
        }
        const char* why = dlerror();
        size_t used = strlen(cublasWhy);
        snprintf(cublasWhy + used, sizeof(cublasWhy) - used, "%s%s", used > 0 ? "; " : "", why ? why : name);
    }
    if (cublasLib == nullptr) {
        return 1;
    }
    pCreate = (cublasCreate_fn) dlsym(cublasLib, "cublasCreate_v2");
    pDestroy = (cublasDestroy_fn) dlsym(cublasLib, "cublasDestroy_v2");
    pSgemm = (cublasSgemm_fn) dlsym(cublasLib, "cublasSgemm_v2");
    if (!(pCreate && pDestroy && pSgemm)) {
        const char* why = dlerror();
        snprintf(cublasWhy, sizeof(cublasWhy), "%s", why ? why : "cublasCreate_v2, cublasDestroy_v2 or cublasSgemm_v2 missing");
        return 2;
    }
    return 0;
}

JNIEXPORT jstring JNICALL Java_dev_braid_worker_kernel_CudaNative_cublasError(JNIEnv* env, jclass) {
    return env->NewStringUTF(cublasWhy);
}

JNIEXPORT jlong JNICALL Java_dev_braid_worker_kernel_CudaNative_cublasCreate(JNIEnv*, jclass) {
    void* h = nullptr;
    return pCreate != nullptr && pCreate(&h) == 0 ? (jlong) (uintptr_t) h : 0;
}

JNI_FN(cublasDestroy)(JNIEnv*, jclass, jlong h) {
    if (pDestroy != nullptr) {
        pDestroy((void*) (uintptr_t) h);
    }
}

// Row-major C[m,n] = alpha op(A) op(B) + beta C, as column-major C^T = op(B)^T op(A)^T.
JNIEXPORT jint JNICALL Java_dev_braid_worker_kernel_CudaNative_sgemm(JNIEnv*, jclass, jlong h, jboolean ta, jboolean tb,
        jint m, jint n, jint k, jfloat alpha, jlong a, jlong b, jfloat beta, jlong c) {
    int lda = ta ? m : k;
    int ldb = tb ? k : n;
    return pSgemm((void*) (uintptr_t) h, tb ? 1 : 0, ta ? 1 : 0, n, m, k, &alpha, F(b), ldb, F(a), lda, &beta, F(c), n);
}

} // extern "C"

// ---- element-wise kernels ----

__global__ void kFill(float* x, long n, float v) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) x[i] = v;
}

__global__ void kAdd(const float* a, const float* b, float* o, long n) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) o[i] = a[i] + b[i];
}

__global__ void kMul(float* x, const float* y, long n) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) x[i] *= y[i];
}

__global__ void kScale(float* x, long n, float s) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) x[i] *= s;
}

__global__ void kAxpy(float alpha, const float* x, float* y, long n) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) y[i] += alpha * x[i];
}

__global__ void kTanh(const float* x, float* o, long n) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) o[i] = tanhf(x[i]);
}

__global__ void kTanhBackward(const float* y, const float* dy, float* dx, long n) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) {
        dx[i] = dy[i] * (1 - y[i] * y[i]);
    }
}

__global__ void kAddRowVector(float* m, int rows, int cols, const float* v) {
    long n = (long) rows * cols;
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) m[i] += v[i % cols];
}

// One thread per column, rows in order: deterministic sums.
__global__ void kAddColumnSums(const float* m, int rows, int cols, int ld, float* out) {
    for (int j = blockIdx.x * blockDim.x + threadIdx.x; j < cols; j += gridDim.x * blockDim.x) {
        float s = 0;
        for (int r = 0; r < rows; r++) s += m[(long) r * ld + j];
        out[j] += s;
    }
}

__global__ void kScaleRows(float* m, int rows, int cols, const float* scale) {
    long n = (long) rows * cols;
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) m[i] *= scale[i / cols];
}

__global__ void kGatherRows(const float* table, int cols, const int* idx, int count, float* out) {
    long n = (long) count * cols;
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) {
        out[i] = table[(long) idx[i / cols] * cols + i % cols];
    }
}

// One thread per column, rows in order: no atomics, so repeated ids add up in a fixed order.
__global__ void kScatterAddRows(const float* src, int cols, const int* idx, int count, float* table) {
    for (int j = blockIdx.x * blockDim.x + threadIdx.x; j < cols; j += gridDim.x * blockDim.x) {
        for (int r = 0; r < count; r++) table[(long) idx[r] * cols + j] += src[(long) r * cols + j];
    }
}

__global__ void kLstmForward(float* g, const float* r, const float* cp, float* c, float* tc, float* h, int B, int H) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < B * H; i += gridDim.x * blockDim.x) {
        braid_lstm_forward(g, r, cp, c, tc, h, i / H, i % H, H);
    }
}

__global__ void kLstmBackward(const float* g, const float* cp, const float* tc, const float* dh, float* dc, float* dg,
                              int B, int H) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < B * H; i += gridDim.x * blockDim.x) {
        braid_lstm_backward(g, cp, tc, dh, dc, dg, i / H, i % H, H);
    }
}

__global__ void kGruForward(float* p, float* r, const float* bhn, const float* hp, float* h, int B, int H) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < B * H; i += gridDim.x * blockDim.x) {
        braid_gru_forward(p, r, bhn, hp, h, i / H, i % H, H);
    }
}

__global__ void kGruBackward(const float* p, const float* r, const float* hp, const float* dh, float* dp, float* dr,
                             float* dhp, int B, int H) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < B * H; i += gridDim.x * blockDim.x) {
        braid_gru_backward(p, r, hp, dh, dp, dr, dhp, i / H, i % H, H);
    }
}

__global__ void kRnnForward(const float* p, const float* r, float* h, long n, int relu) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) {
        h[i] = braid_rnn_forward(p[i] + r[i], relu);
    }
}

__global__ void kRnnBackward(const float* h, const float* dh, float* dp, long n, int relu) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) {
        dp[i] = braid_rnn_backward(h[i], dh[i], relu);
    }
}

__global__ void kAdam(float* p, const float* g, float* state, long n, float lrT, float b1, float b2, float eps) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) {
        braid_adam(p, g, state, n, i, lrT, b1, b2, eps);
    }
}

__global__ void kSgd(float* p, const float* g, long n, float lr) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) p[i] -= lr * g[i];
}

// ---- reductions: fixed grid, strided per-thread sums, tree per block; the host adds the partials in order ----

__device__ float blockSum(float v, float* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
        __syncthreads();
    }
    float out = shared[0];
    __syncthreads();
    return out;
}

__device__ float blockMax(float v, float* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) shared[threadIdx.x] = fmaxf(shared[threadIdx.x], shared[threadIdx.x + s]);
        __syncthreads();
    }
    float out = shared[0];
    __syncthreads();
    return out;
}

__global__ void kDot(const float* x, const float* y, long n, float* partial) {
    __shared__ float sh[THREADS];
    float s = 0;
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) s += x[i] * y[i];
    float t = blockSum(s, sh);
    if (threadIdx.x == 0) partial[blockIdx.x] = t;
}

// One block per row. mode 0: softmax(z / temperature); 1: log softmax; 2: masked softmax in place over valid[r].
__global__ void kSoftmaxRows(const float* z, float* o, int cols, float temperature, int mode, const int* valid) {
    __shared__ float sh[THREADS];
    const float* row = z + (long) blockIdx.x * cols;
    float* out = o + (long) blockIdx.x * cols;
    int n = mode == 2 ? valid[blockIdx.x] : cols;
    float inv = mode == 0 ? 1.0f / temperature : 1.0f;
    float m = -INFINITY;
    for (int j = threadIdx.x; j < n; j += blockDim.x) m = fmaxf(m, row[j] * inv);
    m = blockMax(m, sh);
    float s = 0;
    for (int j = threadIdx.x; j < n; j += blockDim.x) s += expf(row[j] * inv - m);
    s = blockSum(s, sh);
    float logSum = logf(s) + m;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) {
        if (mode == 1) out[j] = row[j] - logSum;
        else out[j] = j < n ? expf(row[j] * inv - logSum) : 0.0f;
    }
}

__global__ void kSoftmaxBackward(const float* a, const float* da, float* ds, int cols) {
    __shared__ float sh[THREADS];
    long base = (long) blockIdx.x * cols;
    float d = 0;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) d += a[base + j] * da[base + j];
    d = blockSum(d, sh);
    for (int j = threadIdx.x; j < cols; j += blockDim.x) ds[base + j] = a[base + j] * (da[base + j] - d);
}

// One block per row: writes dLogits and the row's weighted loss.
__global__ void kSoftmaxCrossEntropy(const float* z, int cols, const int* targets, const float* weights, float smoothing,
                                     float scale, float* dz, float* rowLoss) {
    __shared__ float sh[THREADS];
    long base = (long) blockIdx.x * cols;
    float m = -INFINITY;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) m = fmaxf(m, z[base + j]);
    m = blockMax(m, sh);
    float s = 0;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) s += expf(z[base + j] - m);
    s = blockSum(s, sh);
    float logSum = logf(s) + m;
    float w = weights[blockIdx.x];
    int target = targets[blockIdx.x];
    float loss = 0;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) {
        float q = smoothing / cols + (j == target ? 1 - smoothing : 0);
        loss += q * (logSum - z[base + j]);
        dz[base + j] = scale * w * (expf(z[base + j] - logSum) - q);
    }
    loss = blockSum(loss, sh);
    if (threadIdx.x == 0) rowLoss[blockIdx.x] = w * loss;
}

extern "C" {

#define GRID(n) blocks(n), THREADS

JNI_FN(fill)(JNIEnv*, jclass, jlong x, jlong n, jfloat v) { kFill<<<GRID(n)>>>(F(x), n, v); }
JNI_FN(add)(JNIEnv*, jclass, jlong a, jlong b, jlong o, jlong n) { kAdd<<<GRID(n)>>>(F(a), F(b), F(o), n); }
JNI_FN(mul)(JNIEnv*, jclass, jlong x, jlong y, jlong n) { kMul<<<GRID(n)>>>(F(x), F(y), n); }
JNI_FN(scale)(JNIEnv*, jclass, jlong x, jlong n, jfloat s) { kScale<<<GRID(n)>>>(F(x), n, s); }
JNI_FN(axpy)(JNIEnv*, jclass, jfloat alpha, jlong x, jlong y, jlong n) { kAxpy<<<GRID(n)>>>(alpha, F(x), F(y), n); }
JNI_FN(tanh)(JNIEnv*, jclass, jlong x, jlong o, jlong n) { kTanh<<<GRID(n)>>>(F(x), F(o), n); }
JNI_FN(tanhBackward)(JNIEnv*, jclass, jlong y, jlong dy, jlong dx, jlong n) { kTanhBackward<<<GRID(n)>>>(F(y), F(dy), F(dx), n); }
JNI_FN(addRowVector)(JNIEnv*, jclass, jlong m, jint rows, jint cols, jlong v) {
    kAddRowVector<<<GRID((long) rows * cols)>>>(F(m), rows, cols, F(v));
}
JNI_FN(addColumnSums)(JNIEnv*, jclass, jlong m, jint rows, jint cols, jint ld, jlong out) {
    kAddColumnSums<<<GRID(cols)>>>(F(m), rows, cols, ld, F(out));
}
JNI_FN(scaleRows)(JNIEnv*, jclass, jlong m, jint rows, jint cols, jlong scale) {
    kScaleRows<<<GRID((long) rows * cols)>>>(F(m), rows, cols, F(scale));
}
JNI_FN(gatherRows)(JNIEnv*, jclass, jlong table, jint cols, jlong idx, jint count, jlong out) {
    kGatherRows<<<GRID((long) count * cols)>>>(F(table), cols, I(idx), count, F(out));
}
JNI_FN(scatterAddRows)(JNIEnv*, jclass, jlong src, jint cols, jlong idx, jint count, jlong table) {
    kScatterAddRows<<<GRID(cols)>>>(F(src), cols, I(idx), count, F(table));
}
JNI_FN(lstmForward)(JNIEnv*, jclass, jlong g, jlong r, jlong cp, jlong c, jlong tc, jlong h, jint B, jint H) {
    kLstmForward<<<GRID((long) B * H)>>>(F(g), F(r), F(cp), F(c), F(tc), F(h), B, H);
}
JNI_FN(lstmBackward)(JNIEnv*, jclass, jlong g, jlong cp, jlong tc, jlong dh, jlong dc, jlong dg, jint B, jint H) {
    kLstmBackward<<<GRID((long) B * H)>>>(F(g), F(cp), F(tc), F(dh), F(dc), F(dg), B, H);
}
JNI_FN(gruForward)(JNIEnv*, jclass, jlong p, jlong r, jlong bhn, jlong hp, jlong h, jint B, jint H) {
    kGruForward<<<GRID((long) B * H)>>>(F(p), F(r), F(bhn), F(hp), F(h), B, H);
}
JNI_FN(gruBackward)(JNIEnv*, jclass, jlong p, jlong r, jlong hp, jlong dh, jlong dp, jlong dr, jlong dhp, jint B, jint H) {
    kGruBackward<<<GRID((long) B * H)>>>(F(p), F(r), F(hp), F(dh), F(dp), F(dr), F(dhp), B, H);
}
JNI_FN(rnnForward)(JNIEnv*, jclass, jlong p, jlong r, jlong h, jlong n, jboolean relu) {
    kRnnForward<<<GRID(n)>>>(F(p), F(r), F(h), n, relu ? 1 : 0);
}
JNI_FN(rnnBackward)(JNIEnv*, jclass, jlong h, jlong dh, jlong dp, jlong n, jboolean relu) {
    kRnnBackward<<<GRID(n)>>>(F(h), F(dh), F(dp), n, relu ? 1 : 0);
}
JNI_FN(adam)(JNIEnv*, jclass, jlong p, jlong g, jlong state, jlong n, jfloat lrT, jfloat b1, jfloat b2, jfloat eps) {
    kAdam<<<GRID(n)>>>(F(p), F(g), F(state), n, lrT, b1, b2, eps);
}
JNI_FN(sgd)(JNIEnv*, jclass, jlong p, jlong g, jlong n, jfloat lr) { kSgd<<<GRID(n)>>>(F(p), F(g), n, lr); }
// partial must hold REDUCE_BLOCKS floats
JNI_FN(dot)(JNIEnv*, jclass, jlong x, jlong y, jlong n, jlong partial) {
    kDot<<<REDUCE_BLOCKS, THREADS>>>(F(x), F(y), n, F(partial));
}
JNI_FN(softmaxRows)(JNIEnv*, jclass, jlong z, jlong o, jint rows, jint cols, jfloat temperature, jint mode, jlong valid) {
    if (rows > 0) kSoftmaxRows<<<rows, THREADS>>>(F(z), F(o), cols, temperature, mode, I(valid));
}
JNI_FN(softmaxBackward)(JNIEnv*, jclass, jlong a, jlong da, jlong ds, jint rows, jint cols) {
    if (rows > 0) kSoftmaxBackward<<<rows, THREADS>>>(F(a), F(da), F(ds), cols);
}
JNI_FN(softmaxCrossEntropy)(JNIEnv*, jclass, jlong z, jint rows, jint cols, jlong targets, jlong weights,
                            jfloat smoothing, jfloat scale, jlong dz, jlong rowLoss) {
    if (rows > 0) kSoftmaxCrossEntropy<<<rows, THREADS>>>(F(z), cols, I(targets), F(weights), smoothing, scale, F(dz), F(rowLoss));
}

JNIEXPORT jint JNICALL Java_dev_braid_worker_kernel_CudaNative_reduceBlocks(JNIEnv*, jclass) { return REDUCE_BLOCKS; }

// ---- the shared cell math on the host, for the CPU-side tests ----

JNI_FN(hostLstmForward)(JNIEnv* env, jclass, jfloatArray g, jfloatArray r, jfloatArray cp, jfloatArray c,
                        jfloatArray tc, jfloatArray h, jint B, jint H) {
    float* G = env->GetFloatArrayElements(g, nullptr);
    float* R = env->GetFloatArrayElements(r, nullptr);
    float* CP = env->GetFloatArrayElements(cp, nullptr);
    float* C = env->GetFloatArrayElements(c, nullptr);
    float* TC = env->GetFloatArrayElements(tc, nullptr);
    float* Hh = env->GetFloatArrayElements(h, nullptr);
    for (int i = 0; i < B * H; i++) braid_lstm_forward(G, R, CP, C, TC, Hh, i / H, i % H, H);
    env->ReleaseFloatArrayElements(g, G, 0);
    env->ReleaseFloatArrayElements(r, R, JNI_ABORT);
    env->ReleaseFloatArrayElements(cp, CP, JNI_ABORT);
    env->ReleaseFloatArrayElements(c, C, 0);
    env->ReleaseFloatArrayElements(tc, TC, 0);
    env->ReleaseFloatArrayElements(h, Hh, 0);
}

JNI_FN(hostLstmBackward)(JNIEnv* env, jclass, jfloatArray g, jfloatArray cp, jfloatArray tc, jfloatArray dh,
                         jfloatArray dc, jfloatArray dg, jint B, jint H) {
    float* G = env->GetFloatArrayElements(g, nullptr);
    float* CP = env->GetFloatArrayElements(cp, nullptr);
    float* TC = env->GetFloatArrayElements(tc, nullptr);
    float* DH = env->GetFloatArrayElements(dh, nullptr);
    float* DC = env->GetFloatArrayElements(dc, nullptr);
    float* DG = env->GetFloatArrayElements(dg, nullptr);
    for (int i = 0; i < B * H; i++) braid_lstm_backward(G, CP, TC, DH, DC, DG, i / H, i % H, H);
    env->ReleaseFloatArrayElements(g, G, JNI_ABORT);
    env->ReleaseFloatArrayElements(cp, CP, JNI_ABORT);
    env->ReleaseFloatArrayElements(tc, TC, JNI_ABORT);
    env->ReleaseFloatArrayElements(dh, DH, JNI_ABORT);
    env->ReleaseFloatArrayElements(dc, DC, 0);
    env->ReleaseFloatArrayElements(dg, DG, 0);
}

JNI_FN(hostGruForward)(JNIEnv* env, jclass, jfloatArray p, jfloatArray r, jfloatArray bhn, jfloatArray hp,
                       jfloatArray h, jint B, jint H) {
    float* P = env->GetFloatArrayElements(p, nullptr);
    float* R = env->GetFloatArrayElements(r, nullptr);
    float* BH = env->GetFloatArrayElements(bhn, nullptr);
    float* HP = env->GetFloatArrayElements(hp, nullptr);
    float* Hh = env->GetFloatArrayElements(h, nullptr);
    for (int i = 0; i < B * H; i++) braid_gru_forward(P, R, BH, HP, Hh, i / H, i % H, H);
    env->ReleaseFloatArrayElements(p, P, 0);
    env->ReleaseFloatArrayElements(r, R, 0);
    env->ReleaseFloatArrayElements(bhn, BH, JNI_ABORT);
    env->ReleaseFloatArrayElements(hp, HP, JNI_ABORT);
    env->ReleaseFloatArrayElements(h, Hh, 0);
}

JNI_FN(hostGruBackward)(JNIEnv* env, jclass, jfloatArray p, jfloatArray r, jfloatArray hp, jfloatArray dh,
                        jfloatArray dp, jfloatArray dr, jfloatArray dhp, jint B, jint H) {
    float* P = env->GetFloatArrayElements(p, nullptr);
    float* R = env->GetFloatArrayElements(r, nullptr);
    float* HP = env->GetFloatArrayElements(hp, nullptr);
    float* DH = env->GetFloatArrayElements(dh, nullptr);
    float* DP = env->GetFloatArrayElements(dp, nullptr);
    float* DR = env->GetFloatArrayElements(dr, nullptr);
    float* DHP = env->GetFloatArrayElements(dhp, nullptr);
    for (int i = 0; i < B * H; i++) braid_gru_backward(P, R, HP, DH, DP, DR, DHP, i / H, i % H, H);
    env->ReleaseFloatArrayElements(p, P, JNI_ABORT);
    env->ReleaseFloatArrayElements(r, R, JNI_ABORT);
    env->ReleaseFloatArrayElements(hp, HP, JNI_ABORT);
    env->ReleaseFloatArrayElements(dh, DH, JNI_ABORT);
    env->ReleaseFloatArrayElements(dp, DP, 0);
    env->ReleaseFloatArrayElements(dr, DR, 0);
    env->ReleaseFloatArrayElements(dhp, DHP, 0);
}

JNI_FN(hostAdam)(JNIEnv* env, jclass, jfloatArray p, jfloatArray g, jfloatArray state, jint n, jfloat lrT, jfloat b1,
                 jfloat b2, jfloat eps) {
    float* P = env->GetFloatArrayElements(p, nullptr);
    float* G = env->GetFloatArrayElements(g, nullptr);
    float* S = env->GetFloatArrayElements(state, nullptr);
    for (long i = 0; i < n; i++) braid_adam(P, G, S, n, i, lrT, b1, b2, eps);
    env->ReleaseFloatArrayElements(p, P, 0);
    env->ReleaseFloatArrayElements(g, G, JNI_ABORT);
    env->ReleaseFloatArrayElements(state, S, 0);
}

} // extern "C"
