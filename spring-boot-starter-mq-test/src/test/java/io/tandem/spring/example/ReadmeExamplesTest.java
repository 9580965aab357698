package io.tandem.spring.example;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter README's examples are the code in this package, which compiles and runs with this module's tests. */
class ReadmeExamplesTest {

    private static final Path README = Path.of("../spring-boot-starter-mq/README.md");
    private static final Path EXAMPLES = Path.of("src/test/java/io/tandem/spring/example");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void shouldShowOnlyJavaThatIsInTheExampleSources() throws IOException {
        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                sources.add(lines(Files.readString(file)));
            }
        }
        List<String> javaBlocks = blocks("java");

        assertThat(javaBlocks).hasSizeGreaterThanOrEqualTo(4);
        for (String block : javaBlocks) {
            List<String> shown = lines(block);
            assertThat(sources.stream().anyMatch(source -> containsInOrder(source, shown)))
                    .as("README example not found in %s:%n%s", EXAMPLES, block).isTrue();
        }
    }

    @Test
    void shouldShowOnlyPropertiesTheStarterHas() throws IOException {
        String metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json")
                .getContentAsString(StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        for (String block : blocks("properties")) {
            for (String line : lines(block)) {
                names.add(line.substring(0, line.indexOf('=')));
            }
        }
        Matcher tableRow = Pattern.compile("^\\| `(tandem\\.mq\\.[a-z.-]+)`", Pattern.MULTILINE)
                .matcher(Files.readString(README));
        while (tableRow.find()) {
            names.add(tableRow.group(1));
        }

        assertThat(names).hasSizeGreaterThan(20);
        assertThat(names).allSatisfy(name -> assertThat(metadata).contains("\"name\": \"" + name + "\""));
    }

    private static List<String> blocks(String language) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(Files.readString(README));
        while (matcher.find()) {
            if (matcher.group(1).equals(language)) {
                blocks.add(matcher.group(2));
            }
        }
        return blocks;
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static boolean containsInOrder(List<String> source, List<String> shown) {
        int next = 0;
        for (String line : source) {
            if (next < shown.size() && line.equals(shown.get(next))) {
                next++;
            }
        }
        return next == shown.size();
    }
}
