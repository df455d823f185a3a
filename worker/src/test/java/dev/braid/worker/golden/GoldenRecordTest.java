package dev.braid.worker.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import dev.braid.worker.kernel.MachineKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Today's models compute what the code before the layer-stack refactor computed, to the bit: the
 * record in {@code src/test/resources/golden/worker-record.txt} was written by that code (its header
 * names the commit and the machine) and is never rewritten to make a change pass.
 * {@code -Dbraid.golden.write=true} writes it anew, for the next refactor's "before".
 *
 * <p>The bits depend on the processor (OpenBLAS chooses its kernels by CPU model) and the Vector API's
 * lane count: the record is compared on a machine with the key it was written on
 * ({@link MachineKey}); elsewhere the comparison is skipped, saying why. The layouts, the losses'
 * weights and every decoded token sequence are compared everywhere.
 */
class GoldenRecordTest {
    private static final Path RECORD = Path.of("src/test/resources/golden/worker-record.txt");
    private static final String MACHINE = "# machine ";

    @Test
    void theModelsComputeWhatTheRecordSays() throws IOException {
        String now = GoldenRecord.write();
        if (Boolean.getBoolean("braid.golden.write")) {
            Files.writeString(RECORD, "# written by " + System.getProperty("braid.golden.commit", "?") + "\n" + MACHINE
                    + MachineKey.current() + "\n" + now, StandardCharsets.UTF_8);
            return;
        }
        List<String> lines = Files.readAllLines(RECORD, StandardCharsets.UTF_8);
        List<String> expected = lines.stream().filter(l -> !l.startsWith("#")).toList();
        List<String> actual = now.lines().toList();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(shape(actual.get(i))).as("line %d of %s, without bits", i + 3, RECORD)
                    .isEqualTo(shape(expected.get(i)));
        }
        String machine = lines.stream().filter(l -> l.startsWith(MACHINE)).findFirst().orElse(MACHINE + "?")
                .substring(MACHINE.length());
        Assumptions.assumeTrue(machine.equals(MachineKey.current()), "the record's bits were written on " + machine
                + ", this machine is " + MachineKey.current());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("line %d of %s", i + 3, RECORD).isEqualTo(expected.get(i));
        }
    }

    /** A line with its hex bits and hashes blanked: names, layouts, weights and decoded tokens. */
    private static String shape(String line) {
        return line.replaceAll("\\b[0-9a-f]{16}\\b", "#").replaceAll(":[0-9a-f]+", ":#");
    }
}
