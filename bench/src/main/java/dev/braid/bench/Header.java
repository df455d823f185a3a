package dev.braid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What the figures were measured on: CPU, cores, memory, JVM, BLAS, ND4J build, date, commit. */
record Header(String date, String cpu, int cores, long memoryGiB, String jvm, String blas, String nd4j, String commit) {

    static Header now() {
        return new Header(Instant.now().toString(), readCpu(), Runtime.getRuntime().availableProcessors(), readMemoryGiB(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "OpenBLAS 0.3.19 (org.bytedeco openblas 1.5.7), the worker's GEMMs",
                "nd4j-native 1.0.0-M2.1 linux-x86_64 (generic build), for the DL4J peers", readCommit());
    }

    private static String readCpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long readMemoryGiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024)).orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String readCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    String markdown() {
        return String.format("Measured %s on %s, %d cores, %d GiB; %s; %s; %s; commit %s.", date, cpu, cores, memoryGiB, jvm,
                blas, nd4j, commit);
    }
}
