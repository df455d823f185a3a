package dev.braid.driver.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The driver's JSON: one compact mapper (metrics lines, cursors, locks, the CLI's --json) and one
 * indented one (files people read: reports, model manifests, registry versions).
 */
public final class Json {
    /** One line per value. */
    public static final ObjectMapper COMPACT = new ObjectMapper();
    /** Indented, for files a person reads. */
    public static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** {@code value} as indented UTF-8 JSON (records of the driver always serialise). */
    public static byte[] indented(Object value) {
        try {
            return INDENTED.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
