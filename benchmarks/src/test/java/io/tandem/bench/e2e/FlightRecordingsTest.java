package io.tandem.bench.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlightRecordingsTest {

    private static final Path JCMD = Path.of("/jdk/bin/jcmd");

    @Test
    void shouldNameEachFileByRunAndProcess() {
        assertThat(FlightRecordings.file(Path.of("/profiles"), "async-1024-async-tandem-uring", "tandem-broker"))
                .isEqualTo(Path.of("/profiles/async-1024-async-tandem-uring-tandem-broker.jfr"));
    }

    @Test
    void shouldStartAProfileRecordingThatWritesItsFileWhenStopped() {
        List<String> command = FlightRecordings.startCommand(JCMD, 4242, Path.of("/profiles/run-kafka.jfr"));

        assertThat(command).containsExactly("/jdk/bin/jcmd", "4242", "JFR.start", "name=tandem-bench",
                "settings=profile", "filename=/profiles/run-kafka.jfr");
    }

    @Test
    void shouldStopTheRecordingItStartedByName() {
        assertThat(FlightRecordings.stopCommand(JCMD, 4242))
                .containsExactly("/jdk/bin/jcmd", "4242", "JFR.stop", "name=tandem-bench");
    }

    @Test
    void shouldGiveARelativeDirectoryToTheBrokerAsAnAbsolutePath() {
        List<String> command = FlightRecordings.startCommand(JCMD, 1, Path.of("profiles/run-kafka.jfr"));

        assertThat(Path.of(command.getLast().substring("filename=".length()))).isAbsolute();
    }
}
