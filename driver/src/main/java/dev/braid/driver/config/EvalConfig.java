package dev.braid.driver.config;

import dev.braid.worker.infer.DynamicSpec;
import java.util.List;

/**
 * After training: held-out evaluation over the first {@code maxChars} characters of the test data with
 * state carried through {@code streams} parallel streams (1 = one stream from a zero state over the
 * whole text), and samples of {@code sampleLength} characters from each prime. With
 * {@code dynamicLearningRate > 0} the held-out text is also scored with dynamic evaluation: a step of
 * {@code dynamicRule} after each segment of {@code dynamicSegmentLength} characters is predicted; the
 * RMS rule first measures gradient scale on the last {@code dynamicCalibrationChars} characters of the
 * training data and pulls back towards the trained parameters by {@code dynamicDecay}.
 */
public record EvalConfig(int maxChars, int streams, double dynamicLearningRate, DynamicSpec.Rule dynamicRule,
                         double dynamicDecay, int dynamicSegmentLength, int dynamicCalibrationChars, int sampleLength,
                         double temperature, List<String> primes) {
    public EvalConfig {
        Check.nonNegative("dynamicLearningRate", dynamicLearningRate);
        Check.nonNegative("dynamicDecay", dynamicDecay);
        Check.atLeast("dynamicSegmentLength", dynamicSegmentLength, 1);
        Check.atLeast("dynamicCalibrationChars", dynamicCalibrationChars, 2);
        Check.atLeast("maxChars", maxChars, 1);
        Check.atLeast("streams", streams, 1);
        Check.atLeast("sampleLength", sampleLength, 0);
        Check.positive("temperature", temperature);
    }

    public DynamicSpec dynamic() {
        return new DynamicSpec(dynamicRule, dynamicLearningRate, dynamicDecay, dynamicSegmentLength);
    }
}
