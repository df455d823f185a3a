package dev.braid.driver.config;

import java.util.List;

/**
 * After training: held-out evaluation over the first {@code maxChars} characters of the test data with
 * state carried through {@code streams} parallel streams (1 = one stream from a zero state over the
 * whole text), and samples of {@code sampleLength} characters from each prime. With
 * {@code dynamicLearningRate > 0} the held-out text is also scored with dynamic evaluation (an SGD step
 * of that size after each segment is predicted).
 */
public record EvalConfig(int maxChars, int streams, double dynamicLearningRate, int sampleLength, double temperature,
                         List<String> primes) {
    public EvalConfig {
        Check.nonNegative("dynamicLearningRate", dynamicLearningRate);
        Check.atLeast("maxChars", maxChars, 1);
        Check.atLeast("streams", streams, 1);
        Check.atLeast("sampleLength", sampleLength, 0);
        Check.positive("temperature", temperature);
    }
}
