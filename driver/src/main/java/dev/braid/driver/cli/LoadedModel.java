package dev.braid.driver.cli;

import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;

/** A saved language model loaded for inference in this JVM. */
record LoadedModel(SavedModel saved, StackModel model) {

    static LoadedModel load(String location) {
        return of(new ModelStore(Fs.local()).load(location), location);
    }

    static LoadedModel of(SavedModel saved, String location) {
        StackModel model = saved.buildLanguageModel(location);
        BlasThreads.allCores();
        return new LoadedModel(saved, model);
    }
}
