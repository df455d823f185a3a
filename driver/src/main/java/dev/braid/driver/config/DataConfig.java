package dev.braid.driver.config;

/**
 * Training, validation and test data (Hadoop paths) in a {@link Format}, the vocabulary, (for
 * streams) how they are cut, and what happens to bad lines. An empty {@code validation} means none.
 */
public record DataConfig(String train, String validation, String test, Format format, VocabularyConfig vocabulary,
                         boolean resetAtDocumentBoundary, boolean randomOffset, BadLines badLines, Cache cache) {

    /**
     * Where an encoder-decoder's encoded training batches are kept between rounds: in executor memory
     * (spilled to disk whole when it is short), or on executor disk, one block per batch, a round reading
     * only what it trains (for corpora larger than the executors' memory).
     */
    public enum Cache { MEMORY, DISK }

    public boolean onDisk() {
        return cache == Cache.DISK;
    }

    /** These settings with {@code other}'s cache: where the data is kept changes no result. */
    public DataConfig withCacheOf(DataConfig other) {
        return new DataConfig(train, validation, test, format, vocabulary, resetAtDocumentBoundary, randomOffset, badLines,
                other.cache);
    }

    /** Lines with invalid UTF-8 or NUL bytes (and malformed pair lines): refused with file:line, or left out and counted. */
    public enum BadLines { REFUSE, SKIP }

    public boolean skipBadLines() {
        return badLines == BadLines.SKIP;
    }

    /**
     * {@code text}: a file, or a directory of documents read in name order. {@code tsv}: one
     * {@code source<TAB>target} pair per line. {@code cmudict}: the CMU dictionary ({@code WORD  PH PH});
     * train, validation and test are the CRC32 split of the lower-cased word (% 20: 0 test, 1 validation).
     * {@code csv}: a series, one day per line under a header naming the columns ({@code forecast.*});
     * {@code parquet}: the same as flat Parquet columns. {@code mail}: one folder of raw RFC 822 mails
     * per class ({@code classify.*}).
     */
    public enum Format { TEXT, TSV, CMUDICT, CSV, PARQUET, MAIL }

    /** True for a series (a forecaster's data). */
    public boolean series() {
        return format == Format.CSV || format == Format.PARQUET;
    }

    public DataConfig {
        Check.notBlank("train", train);
        Check.notBlank("test", test);
    }

    public boolean hasValidation() {
        return !validation.isBlank();
    }

    /** Vocabulary: at most {@code maxSize} symbols (the four specials included) seen at least {@code minCount} times. */
    public record VocabularyConfig(int maxSize, int minCount) {
        public VocabularyConfig {
            Check.atLeast("maxSize", maxSize, 5);
            Check.atLeast("minCount", minCount, 1);
        }
    }
}
