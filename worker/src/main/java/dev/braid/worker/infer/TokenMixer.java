package dev.braid.worker.infer;

/**
 * Charges each token of an evaluated text under a model that combines the network's next-token
 * distribution with models of its own, then learns from that token. Tokens arrive in text order, each
 * exactly once; the charge is always computed before the mixer sees the token it charges.
 */
public interface TokenMixer {
    /**
     * Nats charged for {@code target}, given the network's distribution {@code network[row * V .. (row + 1) * V)};
     * afterwards the mixer has learned {@code target}.
     */
    double charge(float[] network, int row, int target);
}
