package dev.braid.driver.config;

import dev.braid.worker.classify.DocumentEncoder;

/**
 * A document classifier (workload {@code classify}): how a mail becomes tokens (words or characters,
 * lower-cased or not, at most {@code maxLength}, truncated at the head, tail or both ends); the share of
 * the corpus held out for the test (a hash of each file name seeded by {@code splitSeed}, not the run's
 * seed, so runs of other seeds score the same mails; when {@code data.test} is the training corpus) and of
 * the rest for validation (the epoch kept is the best on it); class weights
 * ({@code none}, or {@code balanced}: each class weighs as much as the other in the loss); whether the
 * embedding starts from word2vec vectors fitted with Spark MLlib on the training mails' tokens (its
 * iterations and window); whether the
 * report also fits Spark MLlib's naive Bayes and logistic regression on TF-IDF.
 */
public record ClassifyConfig(DocumentEncoder.Tokens tokens, boolean lowercase, int maxLength,
                             DocumentEncoder.Truncation truncation, long splitSeed, double testFraction,
                             double validationFraction, ClassWeights classWeights, Pretrain pretrain,
                             int word2vecIterations, int word2vecWindow, boolean baselines) {

    /** How the embedding starts: at random (or from its pretrained file), or from word2vec fitted on the training mails. */
    public enum Pretrain { NONE, WORD2VEC }

    /** Class weights in the loss: all 1, or inversely proportional to each class's count in the training split. */
    public enum ClassWeights { NONE, BALANCED }

    public ClassifyConfig {
        Check.atLeast("maxLength", maxLength, 1);
        Check.atLeast("word2vecIterations", word2vecIterations, 1);
        Check.atLeast("word2vecWindow", word2vecWindow, 1);
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new InvalidValue("testFraction", testFraction, "must lie strictly between 0 and 1 (0.2: a fifth held out)");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new InvalidValue("validationFraction", validationFraction, "must lie in [0, 1) (0: keep the last epoch)");
        }
    }

    /** How this config reads a document. */
    public DocumentEncoder encoder() {
        return new DocumentEncoder(tokens, lowercase, maxLength, truncation);
    }
}
