package dev.braid.driver.config;

import java.util.List;

/**
 * After training: held-out evaluation over the first {@code maxChars} characters of the test data with
 * state carried through {@code streams} parallel streams (1 = one stream from a zero state over the
 * whole text), and samples of {@code sampleLength} characters from each prime.
 */
public record EvalConfig(int maxChars, int streams, int sampleLength, double temperature, List<String> primes) {
    public EvalConfig {
        Check.atLeast("maxChars", maxChars, 1);
        Check.atLeast("streams", streams, 1);
        Check.atLeast("sampleLength", sampleLength, 0);
        Check.positive("temperature", temperature);
    }
}
