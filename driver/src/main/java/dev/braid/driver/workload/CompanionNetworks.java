package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.DynamicEvaluator;
import dev.braid.worker.infer.VocabularyBridge;
import dev.braid.worker.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * The companion networks of context mixing ({@code eval.mixNetworks}): other trained character models
 * that read the held-out text beside the evaluated one, each adapting as it does, their predictions
 * carried into its vocabulary for the mixer. Independently trained networks err differently, so the
 * mixer gains from them what one network's two views of a text cannot give it.
 */
public final class CompanionNetworks {
    private CompanionNetworks() {
    }

    /**
     * The models saved at {@code locations}, each with the calibration text (training text, for the
     * RMS rule) in its own vocabulary, bridged to {@code vocab}.
     */
    public static List<DynamicEvaluator.Companion> load(Fs fs, List<String> locations, Vocabulary vocab, String calibration) {
        List<DynamicEvaluator.Companion> companions = new ArrayList<>();
        for (String location : locations) {
            if (!fs.exists(new Path(location, "model.json"))) {
                throw new UserError("The companion network " + location + " (eval.mixNetworks or --mix-network) holds no trained "
                        + "model (no model.json): give the model/ directory of a trained character model (for example "
                        + "bench/work/sotu-<time>/model), or eval.mixNetworks=[].");
            }
            SavedModel saved = new ModelStore(fs).load(location);
            ModelSpec spec = saved.languageModel(location);
            Vocabulary own = saved.vocabulary("tokens");
            companions.add(new DynamicEvaluator.Companion(spec, saved.params(), own.encodeChars(calibration),
                    new VocabularyBridge(vocab, own)));
        }
        return companions;
    }
}
