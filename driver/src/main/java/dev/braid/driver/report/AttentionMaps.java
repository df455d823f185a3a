package dev.braid.driver.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.data.SequenceEncoder;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.Alignments;
import dev.braid.worker.model.StackModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Attention heat maps of an encoder-decoder: a few test sources the run named in its report
 * ({@code examples}), each decoded greedily by the saved model, the output tokens down, the source
 * tokens across, each cell the weight an output step gave a source position.
 */
final class AttentionMaps {
    static final int MAX_OUTPUT = 40;

    private AttentionMaps() {
    }

    static List<Plot> of(SavedModel saved, String location, JsonNode results) {
        JsonNode examples = results == null ? null : results.get("examples");
        if (examples == null || !examples.isArray() || examples.isEmpty()) {
            return List.of();
        }
        StackModel model = saved.buildSeq2Seq(location);
        if (!Alignments.attends(model)) {
            return List.of();
        }
        BraidConfig cfg = ConfigLoader.fromRendered(saved.config(), location + "/config.conf").config();
        Vocabulary source = saved.vocabulary("source");
        Vocabulary target = saved.vocabulary("target");
        SequenceEncoder encoder = cfg.sourceEncoder(source);
        List<Plot> plots = new ArrayList<>();
        for (JsonNode example : examples) {
            SequenceEncoder.Encoded e = encoder.encode(example.asText());
            if (!e.usable()) {
                continue;
            }
            int max = (int) Math.ceil(cfg.seq2seq().maxLengthRatio() * e.ids().length) + 5;
            // the first output tokens only: an untrained model repeats one token to the length limit
            Alignments.Alignment a = Alignments.greedy(model, e.ids(), Math.min(max, MAX_OUTPUT));
            List<String> cols = symbols(source, a.source());
            List<String> rows = symbols(target, a.output());
            int n = plots.size() + 1;
            plots.add(Plot.of("attention-" + n, "Attention of test example " + n + " (\"" + example.asText()
                    + "\"), decoded greedily: each output token (down) and the weights it gave the source tokens (across).",
                    Charts.weights("Attention, test example " + n, "source", "output", cols, rows, a.weights())));
        }
        return plots;
    }

    private static List<String> symbols(Vocabulary v, int[] ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) {
            out.add(v.symbol(id).replace(" ", "␣"));
        }
        return out;
    }
}
