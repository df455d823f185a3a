package dev.braid.driver.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The launcher's conf/jvm.options and the tests' argLine (pom.xml) must list the same JVM options. */
class JvmOptionsTest {
    @Test
    void launcherAndSurefireAgree() throws Exception {
        List<String> launcher = Files.readAllLines(Path.of("../conf/jvm.options")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        Matcher m = Pattern.compile("<braid.addOpens>(.*?)</braid.addOpens>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../pom.xml")));
        assertThat(m.find()).isTrue();
        List<String> pom = Arrays.stream(m.group(1).trim().split("\\s+")).toList();
        assertThat(pom).containsExactlyElementsOf(launcher);
    }
}
