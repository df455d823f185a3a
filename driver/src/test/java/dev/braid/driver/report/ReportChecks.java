package dev.braid.driver.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * What every run report must be: a page that references only files beside it (relative paths inside the
 * run directory, no scheme, no parent), each of them there, and plots that are real plots — PNGs of
 * non-trivial size holding several distinct colours (a blank or failed drawing has one or two).
 */
public final class ReportChecks {
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"");

    private ReportChecks() {
    }

    /** Checks {@code run}'s report; returns the plot names it shows (file names without .png). */
    public static List<String> check(Path run) throws IOException {
        Path page = run.resolve("report.html");
        assertThat(page).exists();
        String html = Files.readString(page);
        assertThat(html).doesNotContain("<script").doesNotContain("@import").doesNotContain("url(");
        List<String> plots = new ArrayList<>();
        Matcher m = REFERENCE.matcher(html);
        while (m.find()) {
            String ref = m.group(1);
            assertThat(ref).as("a reference of report.html").doesNotContain(":").doesNotStartWith("/")
                    .doesNotContain("..");
            Path file = run.resolve(ref).normalize();
            assertThat(file.startsWith(run)).as(ref).isTrue();
            assertThat(file).as(ref).isRegularFile();
            if (ref.endsWith(".png")) {
                assertRealPlot(file);
                plots.add(file.getFileName().toString().replace(".png", ""));
            }
        }
        assertThat(plots).as("plots in " + page).isNotEmpty();
        return plots;
    }

    /** A PNG larger than 5 KB, at least 300×200 pixels, of at least 4 distinct colours. */
    public static void assertRealPlot(Path png) throws IOException {
        assertThat(Files.size(png)).as(png + " size").isGreaterThan(5_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as(png + " decodes as an image").isNotNull();
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(300);
        assertThat(image.getHeight()).isGreaterThanOrEqualTo(200);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertThat(colours.size()).as(png + " distinct colours").isGreaterThanOrEqualTo(4);
    }
}
