package dev.braid.worker.infer;

/**
 * Charges each token of an evaluated text under a model that combines networks' next-token
 * distributions with models of its own, then learns from that token. Tokens arrive in text order, each
 * exactly once; the charge is always computed before the mixer sees the token it charges.
 */
public interface TokenMixer {
    /**
     * Nats charged for {@code target}, given each network's distribution {@code networks[n][row * V .. (row + 1) * V)}
     * over one vocabulary (the first network is the one evaluated); afterwards the mixer has learned {@code target}.
     */
    double charge(float[][] networks, int row, int target);

    /** As above with one network. */
    default double charge(float[] network, int row, int target) {
        return charge(new float[][] {network}, row, target);
    }
}
