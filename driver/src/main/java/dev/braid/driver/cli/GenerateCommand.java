package dev.braid.driver.cli;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.config.EvalConfig;
import dev.braid.worker.infer.Sampler;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code braid generate}: samples text from a language model. Length, temperature, seed and prime
 * default to the model's own configuration (eval.sampleLength, eval.temperature, seed, the first of
 * eval.primes); each option overrides one key and is validated as it is.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Sample text from a trained language model.",
        footer = {"", "Example:",
                "  scripts/braid generate --model runs/quickstart-20261207-141448/model --prime \"The Congress\" --length 300 --seed 7"})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (a run's model/).")
    String model;

    @Option(names = "--prime", paramLabel = "TEXT", description = "eval.primes: text that sets the state before sampling.")
    String prime;

    @Option(names = "--length", paramLabel = "N", description = "eval.sampleLength: characters to sample.")
    Integer length;

    @Option(names = "--temperature", paramLabel = "T", description = "eval.temperature: softmax temperature, > 0.")
    Double temperature;

    @Option(names = "--seed", paramLabel = "N", description = "seed: the sampling seed.")
    Long seed;

    @Override public Integer call() {
        LoadedModel m = LoadedModel.load(model);
        ConfigLoader.Loaded cfg = ConfigLoader.withOptions(ConfigLoader.fromRendered(m.saved().config(),
                model + "/config.conf"), List.of(
                new ConfigLoader.Setting("--prime", "eval.primes", prime == null ? null : List.of(prime)),
                new ConfigLoader.Setting("--length", "eval.sampleLength", length),
                new ConfigLoader.Setting("--temperature", "eval.temperature", temperature),
                new ConfigLoader.Setting("--seed", "seed", seed)));
        EvalConfig e = cfg.config().eval();
        String first = e.primes().isEmpty() ? "" : e.primes().get(0);
        System.out.println(first + Sampler.sample(m.model(), m.saved().vocabulary("tokens"), first, e.sampleLength(),
                e.temperature(), cfg.config().seed()));
        return 0;
    }
}
