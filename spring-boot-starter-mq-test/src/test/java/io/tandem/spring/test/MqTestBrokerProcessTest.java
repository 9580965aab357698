package io.tandem.spring.test;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.SendStatus;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The test broker in a child process, as it runs for tests on Java 17 or 21 (and here on Java 25 too, with
 * {@code tandem.test.broker-process=true}): it serves on 127.0.0.1, and when it is closed its process, its data
 * directory and its log are gone; a process that cannot start fails with a message naming its log.
 */
class MqTestBrokerProcessTest {

    private String previousProcessProperty;

    @BeforeEach
    void runBrokersInChildProcesses() {
        previousProcessProperty = System.setProperty(MqTestBroker.PROCESS_PROPERTY, "true");
    }

    @AfterEach
    void restoreProperties() {
        if (previousProcessProperty == null) {
            System.clearProperty(MqTestBroker.PROCESS_PROPERTY);
        } else {
            System.setProperty(MqTestBroker.PROCESS_PROPERTY, previousProcessProperty);
        }
        System.clearProperty(ChildProcessBroker.CLASSPATH_PROPERTY);
    }

    @Test
    void shouldServeFromAChildProcessAndLeaveNothingBehindWhenClosed() throws Exception {
        MqTestBroker broker = MqTestBroker.start(MqTestBroker.parseDelayLevels("100ms 200ms"), Duration.ofSeconds(1));
        Path directory = broker.directory();
        Path log;
        try {
            assertThat(broker.processLog()).isPresent();
            log = broker.processLog().orElseThrow();
            assertThat(broker.nameServerAddress()).startsWith("127.0.0.1:");
            assertThat(broker.brokerAddress()).startsWith("127.0.0.1:");
            broker.createTopics(2, "ChildProcessTopic");
            try (Producer producer = Producer.start(ClientConfig.of(broker.nameServerAddress()),
                    ProducerConfig.of("child-process-producer"))) {
                assertThat(producer.send(Message.of("ChildProcessTopic", "hello")).status())
                        .isEqualTo(SendStatus.SEND_OK);
            }
            assertThat(Files.readString(log)).contains("Tandem test broker ready");
            // A lambda, not a method reference: that would load the broker's class (Java 25) on Java 17.
            assertThatIllegalStateException().isThrownBy(() -> broker.broker())
                    .withMessageContaining("child process");
        } finally {
            broker.close();
        }

        assertThat(directory).doesNotExist();
        assertThat(log).doesNotExist();
        InetSocketAddress nameServer = address(broker.nameServerAddress());
        assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(nameServer, 1000);
            }
        });
    }

    @Test
    void shouldNameTheLogOfAProcessThatCannotStart(@TempDir Path empty) throws IOException {
        System.setProperty(ChildProcessBroker.CLASSPATH_PROPERTY, empty.toString());

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> MqTestBroker.start(List.of()));

        assertThat(failure).hasMessageContaining("exited with code").hasMessageContaining("its output is in");
        Path log = Path.of(failure.getMessage().substring(failure.getMessage().lastIndexOf(' ') + 1));
        assertThat(Files.readString(log)).contains(MqTestBrokerProcess.class.getName());
    }

    @Test
    void shouldRefuseAJavaHomeOlderThanTheBrokers(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Someone\"\nJAVA_VERSION=\"17.0.12\"\n");
        Path java = Files.createFile(home.resolve("bin").resolve("java"));
        assertThat(java.toFile().setExecutable(true)).isTrue();

        assertThatIllegalStateException()
                .isThrownBy(() -> ChildProcessBroker.checkedJavaHome(home, "the system property tandem.test.java-home"))
                .withMessageContaining("tandem.test.java-home names " + home + ", which is Java 17")
                .withMessageContaining("needs Java 25 or later");
    }

    @Test
    void shouldFindAJdkToolchainOfVersion25(@TempDir Path directory) throws IOException {
        Path toolchains = directory.resolve("toolchains.xml");
        Files.writeString(toolchains, """
                <toolchains>
                  <toolchain>
                    <type>jdk</type>
                    <provides><version>17</version></provides>
                    <configuration><jdkHome>/opt/jdk-17</jdkHome></configuration>
                  </toolchain>
                  <toolchain>
                    <type>jdk</type>
                    <provides><version>25</version><vendor>temurin</vendor></provides>
                    <configuration><jdkHome>/opt/jdk-25</jdkHome></configuration>
                  </toolchain>
                </toolchains>
                """);

        assertThat(ChildProcessBroker.toolchainJdk(toolchains)).contains(Path.of("/opt/jdk-25"));
        assertThat(ChildProcessBroker.toolchainJdk(directory.resolve("none.xml"))).isEmpty();
    }

    private static InetSocketAddress address(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }
}
