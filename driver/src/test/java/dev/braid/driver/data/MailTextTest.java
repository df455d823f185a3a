package dev.braid.driver.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Mail reading for the classifier, on mails written here byte by byte the way mail software writes them
 * (RFC 2045-2047): plain, multipart, base64, quoted-printable, non-UTF-8 charsets, HTML, encoded-word
 * subjects, attachments, a wrong or missing charset, and bytes that are not a mail at all.
 */
class MailTextTest {

    /** Header lines (CRLF-joined), a blank line, then {@code body}'s bytes. */
    private static byte[] mail(String headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((headers.replace("\n", "\r\n") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aPlainMailIsItsSubjectAndBody() {
        MailText.Mail m = MailText.parse(mail("From: a@example.com\nSubject: Lunch on Friday?", ascii("See you at noon.\n")));
        assertThat(m.subject()).isEqualTo("Lunch on Friday?");
        assertThat(m.body()).isEqualTo("See you at noon.");
        assertThat(m.text()).isEqualTo("Lunch on Friday?\n\nSee you at noon.");
    }

    @Test
    void base64AndQuotedPrintableAreUndoneInTheirCharsets() {
        String utf8 = Base64.getMimeEncoder().encodeToString("Café crème, 20 €".getBytes(StandardCharsets.UTF_8));
        MailText.Mail b64 = MailText.parse(mail("Subject: b\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
                + "Content-Transfer-Encoding: base64", ascii(utf8 + "\n")));
        assertThat(b64.body()).isEqualTo("Café crème, 20 €");
        // ISO-8859-1 é is byte E9; a soft line break (=) joins the two lines
        MailText.Mail qp = MailText.parse(mail("Subject: q\nContent-Type: text/plain; charset=\"iso-8859-1\"\n"
                + "Content-Transfer-Encoding: quoted-printable", ascii("Le caf=E9 est pr=EAt, mon=\nsieur.\n")));
        assertThat(qp.body()).isEqualTo("Le café est prêt, monsieur.");
    }

    @Test
    void eightBitBodiesAreReadInTheirCharsetOrAsWindows1252() {
        Charset koi8 = Charset.forName("KOI8-R");
        MailText.Mail russian = MailText.parse(mail("Subject: r\nContent-Type: text/plain; charset=koi8-r\n"
                + "Content-Transfer-Encoding: 8bit", "Привет".getBytes(koi8)));
        assertThat(russian.body()).isEqualTo("Привет");
        // curly quotes as windows-1252 bytes 93/94, under no charset, US-ASCII or one that does not exist
        byte[] quoted = {(byte) 0x93, 'h', 'i', (byte) 0x94};
        for (String type : new String[] {"", "\nContent-Type: text/plain; charset=us-ascii",
                "\nContent-Type: text/plain; charset=x-no-such-charset"}) {
            assertThat(MailText.parse(mail("Subject: w" + type, quoted)).body()).as(type).isEqualTo("\u201chi\u201d");
        }
    }

    @Test
    void anEncodedWordSubjectIsDecoded() {
        MailText.Mail m = MailText.parse(mail("Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(
                "Grüße".getBytes(StandardCharsets.UTF_8)) + "?= =?ISO-8859-1?Q?und_Caf=E9?=", ascii("x\n")));
        assertThat(m.subject()).isEqualTo("Grüßeund Café");
    }

    @Test
    void htmlBecomesItsVisibleTextAndAnAlternativePrefersPlain() {
        String html = "<html><head><style>p{color:red}</style><script>var x = 1;</script></head><body>"
                + "<p>Buy <b>now</b> &amp; save&nbsp;50%!</p><p>Click <a href=\"http://x\">here</a></p></body></html>";
        MailText.Mail only = MailText.parse(mail("Subject: h\nContent-Type: text/html; charset=utf-8", ascii(html)));
        assertThat(only.body()).contains("Buy now & save\u00a050%!", "Click here").doesNotContain("<", "color", "var x");
        String alt = "--B\nContent-Type: text/plain; charset=us-ascii\n\nPlain words.\n--B\nContent-Type: text/html\n\n"
                + "<p>HTML words</p>\n--B--\n";
        MailText.Mail both = MailText.parse(mail("Subject: a\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/alternative; boundary=\"B\"", ascii(alt)));
        assertThat(both.body()).isEqualTo("Plain words.");
    }

    @Test
    void aMixedMailKeepsItsTextPartsInOrderAndLeavesAttachmentsOut() {
        String zip = Base64.getMimeEncoder().encodeToString(new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2});
        String mixed = "preamble\n--X\nContent-Type: text/plain\n\nFirst part.\n--X\nContent-Type: application/zip\n"
                + "Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=a.zip\n\n" + zip + "\n"
                + "--X\nContent-Type: text/html\n\n<p>Second part.</p>\n--X--\nepilogue\n";
        MailText.Mail m = MailText.parse(mail("Subject: m\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=X",
                ascii(mixed)));
        assertThat(m.body()).isEqualTo("First part.\nSecond part.");
    }

    @Test
    void bytesThatAreNotAMailAreStillReadAsText() {
        MailText.Mail m = MailText.parse(new byte[] {'j', 'u', 's', 't', ' ', 'w', 'o', 'r', 'd', 's', (byte) 0xE9});
        assertThat(m.text()).contains("just words");
        assertThat(MailText.parse(new byte[0]).text()).isEmpty();
    }
}
