package dev.braid.driver.cli;

import dev.braid.driver.UserError;
import dev.braid.worker.infer.Sampler;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code braid generate}: samples text from a trained character model. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Sample text from a trained language model.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (a run's model/).")
    String model;

    @Option(names = "--prime", defaultValue = "The ", description = "Text that sets the state before sampling (default: ${DEFAULT-VALUE}).")
    String prime;

    @Option(names = "--length", defaultValue = "500", description = "Characters to sample (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", defaultValue = "0.8", description = "Softmax temperature, > 0 (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", defaultValue = "42", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override public Integer call() {
        if (!(temperature > 0)) {
            throw new UserError("--temperature " + temperature + " must be > 0 (try 0.8).");
        }
        if (length < 0) {
            throw new UserError("--length " + length + " must be >= 0.");
        }
        LoadedModel m = LoadedModel.load(model);
        System.out.println(prime + Sampler.sample(m.model(), m.saved().vocabulary("tokens"), prime, length, temperature, seed));
        return 0;
    }
}
