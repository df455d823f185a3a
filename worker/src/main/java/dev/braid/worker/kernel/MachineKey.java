package dev.braid.worker.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the bits of Braid's arithmetic depend on beside the code: the processor (OpenBLAS picks its
 * GEMM kernels by vendor, family, model and vector extensions at load time) and the Vector API's lane
 * count. A golden record is compared bit for bit only on a machine with the key it was written on.
 */
public final class MachineKey {
    private MachineKey() {
    }

    public static String current() {
        String vendor = "?";
        String family = "?";
        String model = "?";
        boolean avx512 = false;
        boolean avx2 = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                String[] kv = line.split(":", 2);
                if (kv.length < 2) {
                    continue;
                }
                String k = kv[0].trim();
                String v = kv[1].trim();
                if (k.equals("vendor_id")) {
                    vendor = v;
                } else if (k.equals("cpu family")) {
                    family = v;
                } else if (k.equals("model")) {
                    model = v;
                } else if (k.equals("flags")) {
                    avx512 = (" " + v + " ").contains(" avx512f ");
                    avx2 = (" " + v + " ").contains(" avx2 ");
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux: the key says so
        }
        return String.format(Locale.ROOT, "%s-%s-%s%s-%dlanes", vendor, family, model,
                avx512 ? "-avx512" : avx2 ? "-avx2" : "", jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length());
    }
}
