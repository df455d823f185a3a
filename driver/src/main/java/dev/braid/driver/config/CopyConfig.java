package dev.braid.driver.config;

/**
 * The copy task (workload {@code copy}), a synthetic stream that only a carried state can predict: a
 * key, a run of 1..{@code maxGap} fillers, a query, the key again. Training streams hold {@code tokens}
 * tokens in all; the report scores {@code testTokens} more from another seed.
 */
public record CopyConfig(int tokens, int maxGap, int testTokens) {
    public CopyConfig {
        Check.atLeast("tokens", tokens, 100);
        Check.atLeast("maxGap", maxGap, 1);
        Check.atLeast("testTokens", testTokens, 100);
    }
}
