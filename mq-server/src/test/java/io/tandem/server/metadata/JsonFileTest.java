package io.tandem.server.metadata;

import io.tandem.testing.TinyFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Metadata files (offsets, topics, groups, progress) survive a disk that fills up while they are written. */
class JsonFileTest {

    @TempDir
    Path directory;

    record Content(List<String> lines) {
    }

    @Test
    void shouldKeepThePreviousContentWhenTheDiskFillsUpDuringAWrite() throws Exception {
        try (TinyFileSystem fs = TinyFileSystem.mount(directory.resolve("tiny"), 1 << 20)) {
            Path path = fs.path().resolve("config").resolve("offsets.json");
            JsonFile<Content> file = new JsonFile<>(path, Content.class);
            Content previous = new Content(List.of("previous"));
            file.write(previous);
            // About one page left: the new content (over 20 KiB) is written only in part before the disk is full.
            Path filler = fs.fill("filler", 4096);
            Content next = new Content(IntStream.range(0, 2000).mapToObj(i -> "line-" + i).toList());

            assertThatThrownBy(() -> file.write(next))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(path.toString())
                    .hasMessageContaining("No space left on device");
            assertThat(file.read()).contains(previous);
            assertThat(path.resolveSibling("offsets.json.tmp")).doesNotExist();

            Files.delete(filler);
            file.write(next);
            assertThat(file.read()).contains(next);
        }
    }
}
