package dev.braid.driver.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.jsoup.Jsoup;

/**
 * The text a classifier reads from one raw RFC 822 mail: its subject (encoded words decoded) and the text
 * of its body — transfer encodings (base64, quoted-printable) undone, each part decoded by its declared
 * charset (an unknown, missing or US-ASCII one read as windows-1252, which maps every byte), HTML
 * turned into its visible text, of a {@code multipart/alternative} the plain part where there is one, and
 * attachments (parts that are not text) left out. Parsing is permissive: a damaged mail yields what can be
 * read of it, never an exception, since a real corpus holds some.
 */
public final class MailText {
    /** What is read of a mail: its subject ("" if none) and its body's text. */
    public record Mail(String subject, String body) {
        /** Subject and body as one text, the subject first. */
        public String text() {
            return subject.isEmpty() ? body : subject + "\n\n" + body;
        }
    }

    private static final Charset FALLBACK = Charset.forName("windows-1252");

    private MailText() {
    }

    public static Mail parse(byte[] raw) {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        builder.setDecodeMonitor(org.apache.james.mime4j.codec.DecodeMonitor.SILENT);
        try (InputStream in = new ByteArrayInputStream(raw)) {
            Message m = builder.parseMessage(in);
            if (m.getHeader() == null || m.getHeader().getFields().isEmpty()) {
                return notAMail(raw); // no header at all: the lines were taken for broken header lines
            }
            String subject = m.getSubject() == null ? "" : m.getSubject().strip();
            return new Mail(subject, text(m).strip());
        } catch (IOException | RuntimeException e) {
            return notAMail(raw);
        }
    }

    /** Bytes Mime4j cannot read as a mail: as text, so the document is not lost. */
    private static Mail notAMail(byte[] raw) {
        return new Mail("", new String(raw, FALLBACK).strip());
    }

    /** The text of an entity: a text part decoded, a multipart's parts in order (an alternative's best), else "". */
    private static String text(Entity e) throws IOException {
        Body body = e.getBody();
        if (body instanceof Multipart mp) {
            List<Entity> parts = mp.getBodyParts();
            if ("alternative".equalsIgnoreCase(mp.getSubType())) {
                Entity plain = parts.stream().filter(p -> "text/plain".equalsIgnoreCase(p.getMimeType())).findFirst()
                        .orElse(null);
                if (plain != null) {
                    return text(plain);
                }
            }
            StringBuilder out = new StringBuilder();
            for (Entity p : parts) {
                String t = text(p);
                if (!t.isBlank()) {
                    out.append(out.length() == 0 ? "" : "\n").append(t.strip());
                }
            }
            return out.toString();
        }
        if (body instanceof Message inner) {
            return text(inner);
        }
        String type = e.getMimeType() == null ? "text/plain" : e.getMimeType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("text/") || !(body instanceof SingleBody single)) {
            return "";
        }
        String decoded = decode(single, e.getCharset());
        return type.equals("text/html") ? Jsoup.parse(decoded).wholeText().replaceAll("[ \\t\\x0B\\f\\r]+", " ")
                .replaceAll("\\n\\s*\\n+", "\n\n") : decoded;
    }

    /** A part's bytes (transfer encoding undone) in its declared charset, or windows-1252 where that says little. */
    private static String decode(SingleBody body, String declared) throws IOException {
        try (InputStream in = body.getInputStream()) {
            return new String(in.readAllBytes(), charset(declared));
        }
    }

    /**
     * The charset a part declares; windows-1252 where it declares none, US-ASCII (mail's default, which much
     * 8-bit mail wrongly keeps) or one this JVM does not know.
     */
    static Charset charset(String declared) {
        try {
            if (declared == null || declared.isBlank() || declared.equalsIgnoreCase("us-ascii")
                    || !Charset.isSupported(declared.strip())) {
                return FALLBACK;
            }
            return Charset.forName(declared.strip());
        } catch (IllegalArgumentException e) {
            return FALLBACK;
        }
    }
}
