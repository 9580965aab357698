package io.tandem.server.replication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EpochHistoryTest {

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve(EpochHistory.FILE_NAME);
    }

    @Test
    void shouldStartEmptyWithoutAFile() {
        EpochHistory history = EpochHistory.open(directory);

        assertThat(history.lastEpoch()).isEqualTo(EpochHistory.NO_EPOCH);
        assertThat(history.last()).isEmpty();
        assertThat(history.entries()).isEmpty();
        assertThat(history.endOffsetOf(3)).isEqualTo(Long.MAX_VALUE);
        assertThat(file()).doesNotExist();
    }

    @Test
    void shouldKeepAppendedEpochsAcrossReload() {
        EpochHistory history = EpochHistory.open(directory);
        history.append(1, 0);
        history.append(2, 1000);
        history.append(5, 1000);
        history.append(7, 4096);

        EpochHistory reloaded = EpochHistory.open(directory);

        assertThat(reloaded.entries()).containsExactly(new EpochHistory.Entry(1, 0), new EpochHistory.Entry(2, 1000),
                new EpochHistory.Entry(5, 1000), new EpochHistory.Entry(7, 4096));
        assertThat(reloaded.lastEpoch()).isEqualTo(7);
        assertThat(reloaded.last()).contains(new EpochHistory.Entry(7, 4096));
    }

    @Test
    void shouldTellWhereEachEpochEnds() {
        EpochHistory history = EpochHistory.open(directory);
        history.append(1, 0);
        history.append(2, 1000);
        history.append(5, 1000);
        history.append(7, 4096);

        assertThat(history.endOffsetOf(0)).as("an epoch before the first").isZero();
        assertThat(history.endOffsetOf(1)).isEqualTo(1000);
        assertThat(history.endOffsetOf(2)).as("an epoch that wrote nothing ends where it starts").isEqualTo(1000);
        assertThat(history.endOffsetOf(3)).as("an epoch this member never saw").isEqualTo(1000);
        assertThat(history.endOffsetOf(5)).isEqualTo(4096);
        assertThat(history.endOffsetOf(7)).as("the current epoch runs to the log end").isEqualTo(Long.MAX_VALUE);
        assertThat(history.endOffsetOf(9)).isEqualTo(Long.MAX_VALUE);

        assertThat(history.floorEpoch(0)).isEqualTo(EpochHistory.NO_EPOCH);
        assertThat(history.floorEpoch(4)).isEqualTo(2);
        assertThat(history.floorEpoch(7)).isEqualTo(7);
        assertThat(history.floorEpoch(100)).isEqualTo(7);
    }

    @Test
    void shouldRefuseANonIncreasingEpochOrADecreasingStartAndStayUnchanged() throws Exception {
        EpochHistory history = EpochHistory.open(directory);
        history.append(3, 500);
        String before = Files.readString(file());

        assertThatThrownBy(() -> history.append(3, 600))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch 3 is not above the last epoch 3")
                .hasMessageContaining(file().toString());
        assertThatThrownBy(() -> history.append(2, 600))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch 2 is not above the last epoch 3");
        assertThatThrownBy(() -> history.append(4, 499))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start offset 499 is below the start 500 of epoch 3");
        assertThatThrownBy(() -> EpochHistory.open(directory.resolve("other")).append(1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start offsets are not negative");

        assertThat(history.entries()).containsExactly(new EpochHistory.Entry(3, 500));
        assertThat(Files.readString(file())).isEqualTo(before);
    }

    @Test
    void shouldDropEpochsStartingAtOrBeyondATruncationPosition() {
        EpochHistory history = EpochHistory.open(directory);
        history.append(1, 0);
        history.append(2, 1000);
        history.append(3, 2000);
        history.append(4, 2000);

        history.truncateTo(2500);
        assertThat(history.lastEpoch()).as("epoch 4 has records below 2500").isEqualTo(4);

        history.truncateTo(2000);
        assertThat(history.entries()).containsExactly(new EpochHistory.Entry(1, 0), new EpochHistory.Entry(2, 1000));
        assertThat(EpochHistory.open(directory).entries()).as("after reload").isEqualTo(history.entries());

        history.append(6, 1500);
        assertThat(EpochHistory.open(directory).endOffsetOf(2)).isEqualTo(1500);

        history.truncateTo(0);
        assertThat(history.entries()).isEmpty();
        assertThat(EpochHistory.open(directory).lastEpoch()).isEqualTo(EpochHistory.NO_EPOCH);
    }

    @Test
    void shouldFailNamingTheFileWhenItIsCutShort() throws Exception {
        EpochHistory history = EpochHistory.open(directory);
        history.append(1, 0);
        history.append(2, 1000);
        byte[] whole = Files.readAllBytes(file());
        Files.write(file(), java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> EpochHistory.open(directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("epoch history file " + file() + " is damaged");
    }

    @Test
    void shouldFailNamingTheFileWhenItIsEmptyOrGarbage() throws Exception {
        Files.write(file(), new byte[0]);
        assertThatThrownBy(() -> EpochHistory.open(directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("epoch history file " + file() + " is damaged");

        Files.write(file(), new byte[]{0, 0, 0, 0, 0, 0, 0, 0});
        assertThatThrownBy(() -> EpochHistory.open(directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("epoch history file " + file() + " is damaged");
    }

    @Test
    void shouldFailNamingTheFileAndTheEntryWhenEntriesAreOutOfOrder() throws Exception {
        Files.writeString(file(), """
                {"entries": [{"epoch": 1, "startOffset": 0}, {"epoch": 4, "startOffset": 900}, {"epoch": 3, "startOffset": 950}]}
                """, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EpochHistory.open(directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("epoch history file " + file() + " is damaged")
                .hasMessageContaining("entry 3: epoch 3 is not above the last epoch 4");

        Files.writeString(file(), "{}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EpochHistory.open(directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no \"entries\" list");
    }

    @Test
    void shouldKeepTheHistoryWhenTheFileCannotBeWritten() throws Exception {
        EpochHistory history = EpochHistory.open(directory);
        history.append(1, 0);
        // A directory where the temporary file would go makes the write fail.
        Files.createDirectories(directory.resolve(EpochHistory.FILE_NAME + ".tmp").resolve("blocker"));

        assertThatThrownBy(() -> history.append(2, 10)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file().toString());

        assertThat(history.entries()).isEqualTo(List.of(new EpochHistory.Entry(1, 0)));
        assertThat(EpochHistory.open(directory).entries()).isEqualTo(history.entries());
    }
}
