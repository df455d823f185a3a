package dev.braid.worker.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The CUDA library on a machine without a GPU (CI): it is built wherever nvcc is, it loads, it reports
 * that there is no device and the worker falls back to the CPU saying why; and the cell and optimizer
 * math it shares with its kernels ({@code braid_cells.cuh}, compiled for the host as well) agrees with
 * the Java kernels. On a GPU machine the device itself is checked by {@code scripts/gpu-check}.
 */
class CudaLibraryTest {

    private static boolean nvccHere() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nvcc"))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc")) || Files.isExecutable(Path.of("/usr/local/bin/nvcc"));
    }

    private static boolean gpuHere() {
        return Files.exists(Path.of("/dev/nvidia0"));
    }

    private static void assumeLibrary() {
        Assumptions.assumeTrue(CudaNative.status().loaded(), "the CUDA library is not built here: " + CudaNative.status().reason());
    }

    @Test
    void theLibraryIsBuiltWhereNvccIsAndLoads() {
        Assumptions.assumeTrue(nvccHere(), "nvcc is not installed: the worker is built without its CUDA library");
        assertThat(CudaLibraryTest.class.getResource(CudaNative.RESOURCE)).as("libbraidcuda.so in the worker's classes").isNotNull();
        assertThat(CudaNative.status().loaded()).as(CudaNative.status().reason()).isTrue();
    }

    /**
     * JNI resolves a native method's symbol at its first call, which on a CPU machine most never get:
     * every native method of CudaNative must be exported by the library (read with binutils' nm).
     */
    @Test
    void theLibraryExportsEveryNativeMethod() throws Exception {
        assumeLibrary();
        Path lib = Files.createTempFile("braidcuda", ".so");
        try (var in = CudaLibraryTest.class.getResourceAsStream(CudaNative.RESOURCE)) {
            Files.copy(in, lib, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process nm;
        try {
            nm = new ProcessBuilder("nm", "-D", "--defined-only", lib.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("binutils' nm is not installed");
            return;
        }
        String symbols = new String(nm.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(nm.waitFor()).isZero();
        Files.delete(lib);
        java.util.List<String> natives = java.util.Arrays.stream(CudaNative.class.getDeclaredMethods())
                .filter(m -> java.lang.reflect.Modifier.isNative(m.getModifiers())).map(java.lang.reflect.Method::getName)
                .toList();
        assertThat(natives).hasSizeGreaterThan(40);
        for (String name : natives) {
            assertThat(symbols).as("symbol of CudaNative." + name).contains("Java_dev_braid_worker_kernel_CudaNative_" + name + "\n");
        }
    }

    @Test
    void withoutAGpuItReportsNoDeviceAndTheWorkerFallsBackToTheCpu() {
        assumeLibrary();
        Assumptions.assumeFalse(gpuHere(), "this machine has a GPU");
        CudaNative.Status status = CudaNative.status();
        assertThat(status.usable()).isFalse();
        assertThat(status.reason()).startsWith("no CUDA device");
        assertThat(CudaKernels.devices()).isZero();
        assertThatThrownBy(() -> new CudaKernels(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CUDA is not usable: no CUDA device");
        DeviceChoice auto = DeviceChoice.here(DeviceChoice.Mode.AUTO, java.util.Map.of());
        assertThat(auto.cuda()).isFalse();
        assertThat(auto.reason()).startsWith("no CUDA device");
        assertThat(auto.kernels()).isInstanceOf(VectorKernels.class);
        assertThatThrownBy(() -> DeviceChoice.here(DeviceChoice.Mode.CUDA, java.util.Map.of("gpu", java.util.List.of("0"))))
                .hasMessageContaining("worker.device = cuda, but Spark gave this task GPU [0], but no CUDA device");
    }

    private static float[] random(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    private static Buf buf(Kernels k, float[] values) {
        Buf b = k.alloc(values.length);
        for (int i = 0; i < values.length; i++) {
            b.set(i, values[i]);
        }
        return b;
    }

    private static void assertClose(float[] cuda, Buf java, String what) {
        for (int i = 0; i < cuda.length; i++) {
            assertThat((double) cuda[i]).as(what + "[" + i + "]").isCloseTo(java.get(i), within(2e-6 + 2e-6 * Math.abs(java.get(i))));
        }
    }

    /** Runs a cell both ways, on the float kernels and in double, for B=5 rows of H=37 units. */
    private static void bothKernels(BiConsumer<Kernels, SplittableRandom> check) {
        check.accept(Precision.FLOAT.newKernels(), new SplittableRandom(11));
        check.accept(Precision.DOUBLE.newKernels(), new SplittableRandom(11));
    }

    @Test
    void lstmCellMathMatchesTheJavaKernels() {
        assumeLibrary();
        int b = 5;
        int h = 37;
        bothKernels((k, rng) -> {
            float[] g = random(rng, b * 4 * h, 2);
            float[] r = random(rng, b * 4 * h, 2);
            float[] cp = random(rng, b * h, 1);
            float[] c = new float[b * h];
            float[] tc = new float[b * h];
            float[] hh = new float[b * h];
            Buf jg = buf(k, g);
            Buf jc = k.alloc(b * h);
            Buf jtc = k.alloc(b * h);
            Buf jh = k.alloc(b * h);
            k.lstmForward(jg, 0, buf(k, r), 0, buf(k, cp), 0, jc, 0, jtc, 0, jh, 0, b, h);
            CudaNative.hostLstmForward(g, r, cp, c, tc, hh, b, h);
            assertClose(g, jg, "activations");
            assertClose(c, jc, "c");
            assertClose(tc, jtc, "tanh c");
            assertClose(hh, jh, "h");
            float[] dh = random(rng, b * h, 1);
            float[] dc = random(rng, b * h, 1);
            float[] dg = new float[b * 4 * h];
            Buf jdc = buf(k, dc);
            Buf jdg = k.alloc(b * 4 * h);
            k.lstmBackward(jg, 0, buf(k, cp), 0, jtc, 0, buf(k, dh), 0, jdc, 0, jdg, 0, b, h);
            CudaNative.hostLstmBackward(g, cp, tc, dh, dc, dg, b, h);
            assertClose(dg, jdg, "dg");
            assertClose(dc, jdc, "dc to the previous cell");
        });
    }

    @Test
    void gruCellMathMatchesTheJavaKernels() {
        assumeLibrary();
        int b = 5;
        int h = 37;
        bothKernels((k, rng) -> {
            float[] p = random(rng, b * 3 * h, 2);
            float[] r = random(rng, b * 3 * h, 2);
            float[] bhn = random(rng, h, 0.5);
            float[] hp = random(rng, b * h, 1);
            float[] hh = new float[b * h];
            Buf jp = buf(k, p);
            Buf jr = buf(k, r);
            Buf jh = k.alloc(b * h);
            k.gruForward(jp, 0, jr, 0, buf(k, bhn), 0, buf(k, hp), 0, jh, 0, b, h);
            CudaNative.hostGruForward(p, r, bhn, hp, hh, b, h);
            assertClose(p, jp, "activations");
            assertClose(r, jr, "hidden projection");
            assertClose(hh, jh, "h");
            float[] dh = random(rng, b * h, 1);
            float[] dp = new float[b * 3 * h];
            float[] dr = new float[b * 3 * h];
            float[] dhp = new float[b * h];
            Buf jdp = k.alloc(b * 3 * h);
            Buf jdr = k.alloc(b * 3 * h);
            Buf jdhp = k.alloc(b * h);
            k.gruBackward(jp, 0, jr, 0, buf(k, hp), 0, buf(k, dh), 0, jdp, 0, jdr, 0, jdhp, 0, b, h);
            CudaNative.hostGruBackward(p, r, hp, dh, dp, dr, dhp, b, h);
            assertClose(dp, jdp, "dp");
            assertClose(dr, jdr, "dr");
            assertClose(dhp, jdhp, "dh to the previous state");
        });
    }

    @Test
    void adamStepMatchesTheJavaKernels() {
        assumeLibrary();
        int n = 101;
        bothKernels((k, rng) -> {
            float[] p = random(rng, n, 1);
            float[] g = random(rng, n, 0.1);
            float[] state = new float[2 * n];
            for (int i = 0; i < 2 * n; i++) {
                state[i] = i < n ? (float) (rng.nextDouble() * 0.01) : (float) (rng.nextDouble() * 1e-4);
            }
            Buf jp = buf(k, p);
            Buf js = buf(k, state);
            k.adam(jp, buf(k, g), js, n, 0.002, 0.9, 0.999, 1e-8);
            CudaNative.hostAdam(p, g, state, n, 0.002f, 0.9f, 0.999f, 1e-8f);
            assertClose(p, jp, "parameters");
            assertClose(state, js, "moments");
        });
    }
}
