package dev.braid.driver.config;

import dev.braid.worker.infer.DynamicSpec;
import dev.braid.worker.mix.MixSpec;
import java.util.List;
import java.util.Optional;

/**
 * After training: held-out evaluation over the first {@code maxChars} characters of the test data with
 * state carried through {@code streams} parallel streams (1 = one stream from a zero state over the
 * whole text), and samples of {@code sampleLength} characters from each prime. With
 * {@code dynamicLearningRate > 0} the held-out text is also scored with dynamic evaluation: a step of
 * {@code dynamicRule} after each segment of {@code dynamicSegmentLength} characters is predicted; the
 * RMS rule first measures gradient scale on the last {@code dynamicCalibrationChars} characters of the
 * training data and pulls back towards the trained parameters by {@code dynamicDecay}. With
 * {@code mixOrders} listed, the held-out text is also charged under the network mixed with n-gram models
 * of those orders ({@link MixSpec}) that first count {@code mixText} (its last {@code mixRecentChars}
 * characters also as recent text); that score comes from the same
 * pass as the dynamic evaluation when it is on, else from a one-stream static pass. The trained
 * character models at {@code mixNetworks} read the held-out text beside the evaluated one (adapting as
 * it does) and join the mixture.
 */
public record EvalConfig(int maxChars, int streams, double dynamicLearningRate, DynamicSpec.Rule dynamicRule,
                         double dynamicDecay, int dynamicSegmentLength, int dynamicCalibrationChars, int sampleLength,
                         double temperature, List<String> primes, List<Integer> mixOrders, double mixLearningRate,
                         int mixRecentChars, String mixText, List<String> mixNetworks) {
    public EvalConfig {
        Check.nonNegative("dynamicLearningRate", dynamicLearningRate);
        Check.nonNegative("dynamicDecay", dynamicDecay);
        Check.atLeast("dynamicSegmentLength", dynamicSegmentLength, 1);
        Check.atLeast("dynamicCalibrationChars", dynamicCalibrationChars, 2);
        Check.atLeast("maxChars", maxChars, 1);
        Check.atLeast("streams", streams, 1);
        Check.atLeast("sampleLength", sampleLength, 0);
        Check.positive("temperature", temperature);
        Check.positive("mixLearningRate", mixLearningRate);
        Check.atLeast("mixRecentChars", mixRecentChars, 0);
        for (int i = 0; i < mixOrders.size(); i++) {
            if (mixOrders.get(i) < 1 || mixOrders.get(i) > MixSpec.MAX_ORDER || (i > 0 && mixOrders.get(i) <= mixOrders.get(i - 1))) {
                throw new InvalidValue("mixOrders", mixOrders, "must ascend within 1.." + MixSpec.MAX_ORDER
                        + ", for example [1, 2, 3, 4, 6, 8] ([] = no mixing)");
            }
        }
        if (!mixOrders.isEmpty()) {
            Check.notBlank("mixText", mixText);
        }
        mixNetworks = List.copyOf(mixNetworks);
        if (!mixNetworks.isEmpty() && mixOrders.isEmpty()) {
            throw new InvalidValue("mixNetworks", mixNetworks, "companion networks join context mixing: set eval.mixOrders "
                    + "too (for example [1, 2, 3, 4, 6, 8]), or eval.mixNetworks=[]");
        }
    }

    /** The mixing to score the held-out text with, if any. */
    public Optional<MixSpec> mix() {
        return mixOrders.isEmpty() ? Optional.empty() : Optional.of(new MixSpec(mixOrders, mixLearningRate, mixRecentChars));
    }

    public DynamicSpec dynamic() {
        return new DynamicSpec(dynamicRule, dynamicLearningRate, dynamicDecay, dynamicSegmentLength);
    }
}
