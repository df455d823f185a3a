package dev.braid.driver.config;

/**
 * The course's teaching tasks (workload {@code teaching}), data generated from the seed: {@code reber}
 * (tell embedded Reber strings from corrupted ones), {@code sine} (forecast the next value of noisy sums
 * of two sines at every step; then run free from a seed window for {@code generate} steps) and
 * {@code vec2seq} (a sine's frequency and phase in, its {@code steps} values out). {@code examples}
 * train, {@code testExamples} more (another seed) are scored; {@code steps} is a series' length.
 */
public record TeachingConfig(Task task, int examples, int testExamples, int steps, int generate) {

    /** Which task. */
    public enum Task { REBER, SINE, VEC2SEQ }

    public TeachingConfig {
        Check.atLeast("examples", examples, 10);
        Check.atLeast("testExamples", testExamples, 10);
        Check.atLeast("steps", steps, 2);
        Check.atLeast("generate", generate, 0);
    }
}
