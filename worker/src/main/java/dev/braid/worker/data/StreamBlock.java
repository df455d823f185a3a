package dev.braid.worker.data;

import java.io.Serializable;
import java.util.BitSet;

/**
 * The consecutive streams one partition owns: {@code rows} streams of {@code length} token ids each
 * (row-major), and the positions where a new document starts. Built once by the driver's sharder and
 * cached; batches are cut from it without re-encoding.
 */
public record StreamBlock(int partition, int rows, int length, int[] tokens, BitSet documentStarts)
        implements Serializable {

    public StreamBlock {
        if ((long) rows * length != tokens.length) {
            throw new IllegalArgumentException(rows + " rows x " + length + " != " + tokens.length + " tokens");
        }
    }

    /** A content hash of the block: its shape, tokens and document starts. */
    public long fingerprint() {
        Fingerprint f = new Fingerprint(partition).add(rows).add(length).add(tokens);
        documentStarts.stream().forEach(f::add);
        return f.value();
    }

    public int token(int row, int position) {
        return tokens[row * length + position];
    }

    public boolean documentStartsAt(int row, int position) {
        return documentStarts.get(row * length + position);
    }
}
