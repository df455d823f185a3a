// Braid's cell and optimizer math for one element, shared by the CUDA kernels (device) and by the
// host entry points the CPU-side tests call (host): the same source is checked on every machine
// against the Java kernels, and runs on the GPU where there is one. Layouts are those of
// dev.braid.worker.kernel.Kernels: LSTM gates [i f o g], GRU [r z n], row-major blocks.
#pragma once
#include <math.h>

#ifdef __CUDACC__
#define BRAID_HD __host__ __device__ __forceinline__
#else
#define BRAID_HD inline
#endif

BRAID_HD float braid_sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

// LSTM forward for row b, unit j: pre-activations g (+ recurrent r) become activations in g.
BRAID_HD void braid_lstm_forward(float* g, const float* r, const float* cp, float* c, float* tc, float* h,
                                 int b, int j, int H) {
    int gr = b * 4 * H, s = b * H + j;
    float i = braid_sigmoid(g[gr + j] + r[gr + j]);
    float f = braid_sigmoid(g[gr + H + j] + r[gr + H + j]);
    float o = braid_sigmoid(g[gr + 2 * H + j] + r[gr + 2 * H + j]);
    float gg = tanhf(g[gr + 3 * H + j] + r[gr + 3 * H + j]);
    float cc = f * cp[s] + i * gg;
    float t = tanhf(cc);
    g[gr + j] = i;
    g[gr + H + j] = f;
    g[gr + 2 * H + j] = o;
    g[gr + 3 * H + j] = gg;
    c[s] = cc;
    tc[s] = t;
    h[s] = o * t;
}

// LSTM backward for row b, unit j: writes dg, replaces dc by the gradient to the previous cell.
BRAID_HD void braid_lstm_backward(const float* g, const float* cp, const float* tc, const float* dh, float* dc,
                                  float* dg, int b, int j, int H) {
    int gr = b * 4 * H, s = b * H + j;
    float i = g[gr + j], f = g[gr + H + j], o = g[gr + 2 * H + j], gg = g[gr + 3 * H + j];
    float t = tc[s], dH = dh[s];
    float dC = dc[s] + dH * o * (1 - t * t);
    dg[gr + j] = dC * gg * i * (1 - i);
    dg[gr + H + j] = dC * cp[s] * f * (1 - f);
    dg[gr + 2 * H + j] = dH * t * o * (1 - o);
    dg[gr + 3 * H + j] = dC * i * (1 - gg * gg);
    dc[s] = dC * f;
}

// GRU forward (n = tanh(p_n + r * (U_n h + b_hn))): p becomes [r z n], r keeps U_n h + b_hn.
BRAID_HD void braid_gru_forward(float* p, float* r, const float* bhn, const float* hp, float* h, int b, int j, int H) {
    int pr = b * 3 * H, s = b * H + j;
    float rg = braid_sigmoid(p[pr + j] + r[pr + j]);
    float zg = braid_sigmoid(p[pr + H + j] + r[pr + H + j]);
    float rn = r[pr + 2 * H + j] + bhn[j];
    float n = tanhf(p[pr + 2 * H + j] + rg * rn);
    p[pr + j] = rg;
    p[pr + H + j] = zg;
    p[pr + 2 * H + j] = n;
    r[pr + 2 * H + j] = rn;
    h[s] = n + zg * (hp[s] - n);
}

BRAID_HD void braid_gru_backward(const float* p, const float* r, const float* hp, const float* dh, float* dp,
                                 float* dr, float* dhp, int b, int j, int H) {
    int pr = b * 3 * H, s = b * H + j;
    float rg = p[pr + j], zg = p[pr + H + j], n = p[pr + 2 * H + j], rn = r[pr + 2 * H + j];
    float g = dh[s];
    float dnPre = g * (1 - zg) * (1 - n * n);
    float dzPre = g * (hp[s] - n) * zg * (1 - zg);
    float drPre = dnPre * rn * rg * (1 - rg);
    dp[pr + j] = drPre;
    dp[pr + H + j] = dzPre;
    dp[pr + 2 * H + j] = dnPre;
    dr[pr + j] = drPre;
    dr[pr + H + j] = dzPre;
    dr[pr + 2 * H + j] = dnPre * rg;
    dhp[s] = g * zg;
}

BRAID_HD float braid_rnn_forward(float x, int relu) { return relu ? fmaxf(0.0f, x) : tanhf(x); }

BRAID_HD float braid_rnn_backward(float y, float dy, int relu) { return dy * (relu ? (y > 0 ? 1.0f : 0.0f) : 1 - y * y); }

// One Adam step on element i; m = state[i], v = state[n + i].
BRAID_HD void braid_adam(float* p, const float* g, float* state, long n, long i, float lrT, float beta1, float beta2,
                         float eps) {
    float gi = g[i];
    float m = beta1 * state[i] + (1 - beta1) * gi;
    float v = beta2 * state[n + i] + (1 - beta2) * gi * gi;
    state[i] = m;
    state[n + i] = v;
    p[i] -= lrT * m / (sqrtf(v) + eps);
}
