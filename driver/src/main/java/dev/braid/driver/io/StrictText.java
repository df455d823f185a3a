package dev.braid.driver.io;

import dev.braid.driver.UserError;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Text read as UTF-8, strictly: a line with invalid UTF-8 or a NUL byte is refused with its file and
 * line (the default), or, with {@code data.badLines = skip}, left out and counted. Silently decoding such
 * bytes would turn a Latin-1 file or binary data into U+FFFD and NUL symbols that the model learns.
 */
public final class StrictText {
    private StrictText() {
    }

    /** A decoded document and how many of its lines were left out. */
    public record Decoded(String text, long skippedLines) implements Serializable {
    }

    /** The text of {@code bytes} (the file {@code file}); bad lines refused, or left out when {@code skip}. */
    public static Decoded decode(byte[] bytes, String file, boolean skip) {
        Optional<String> whole = strict(bytes, 0, bytes.length);
        if (whole.isPresent() && whole.get().indexOf('\0') < 0) {
            return new Decoded(whole.get(), 0);
        }
        StringBuilder out = new StringBuilder(bytes.length);
        long skipped = 0;
        long line = 1;
        for (int start = 0; start < bytes.length; line++) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int next = Math.min(bytes.length, end + 1);
            Optional<String> text = line(bytes, start, end - start, file, line, skip);
            if (text.isPresent()) {
                out.append(text.get());
                if (end < bytes.length) {
                    out.append('\n');
                }
            } else {
                skipped++;
            }
            start = next;
        }
        return new Decoded(out.toString(), skipped);
    }

    /**
     * One line ({@code length} bytes at {@code offset}, without its line end) of {@code file}, 1-based
     * {@code line}: its text, or empty when it is bad and {@code skip}; a bad line is refused otherwise.
     */
    public static Optional<String> line(byte[] bytes, int offset, int length, String file, long line, boolean skip) {
        Optional<String> text = strict(bytes, offset, length);
        String problem = null;
        if (text.isEmpty()) {
            int at = firstInvalid(bytes, offset, length);
            problem = String.format("invalid UTF-8 (byte 0x%02X at byte %d of the line)", bytes[offset + at] & 0xff, at + 1);
        } else if (text.get().indexOf('\0') >= 0) {
            problem = "a NUL byte at character " + (text.get().indexOf('\0') + 1) + " (binary data?)";
        }
        if (problem == null) {
            return text;
        }
        if (skip) {
            return Optional.empty();
        }
        throw new UserError(file + ":" + line + " has " + problem + "; Braid reads text as UTF-8. Convert the file (for "
                + "example iconv -f latin1 -t utf-8), remove the bad bytes, or set data.badLines = skip to leave such lines "
                + "out (they are counted).");
    }

    private static Optional<String> strict(byte[] bytes, int offset, int length) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = d.decode(ByteBuffer.wrap(bytes, offset, length));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The offset in the line of the first byte that does not decode. */
    private static int firstInvalid(byte[] bytes, int offset, int length) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        d.decode(in, out, true);
        return in.position() - offset;
    }
}
