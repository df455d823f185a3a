package dev.braid.driver.config;

/**
 * Training and held-out data (Hadoop paths: a file, or a directory whose files are documents in name
 * order), the vocabulary, and how streams are cut.
 */
public record DataConfig(String train, String test, VocabularyConfig vocabulary, boolean resetAtDocumentBoundary,
                         boolean randomOffset) {
    public DataConfig {
        Check.notBlank("train", train);
        Check.notBlank("test", test);
    }

    /** Vocabulary: at most {@code maxSize} symbols (the four specials included) seen at least {@code minCount} times. */
    public record VocabularyConfig(int maxSize, int minCount) {
        public VocabularyConfig {
            Check.atLeast("maxSize", maxSize, 5);
            Check.atLeast("minCount", minCount, 1);
        }
    }
}
