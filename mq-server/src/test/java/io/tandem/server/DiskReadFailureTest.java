package io.tandem.server;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.ResponseCode;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.ReadFailingIoEngine;
import io.tandem.server.support.Requests;
import io.tandem.store.io.PageCacheIoEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A disk that fails a read (EIO) fails that request with an error naming the file; the broker keeps serving. */
class DiskReadFailureTest {

    @TempDir
    Path directory;

    @Test
    void shouldAnswerAReadThatMetAnIoErrorWithAnErrorNamingTheFileAndKeepServing() throws Exception {
        ReadFailingIoEngine[] engine = new ReadFailingIoEngine[1];
        BrokerConfig config = BrokerConfig.builder(directory).randomPorts()
                .maxMessageSize(64 * 1024)
                .store(store -> store.ioEngineFactory(() -> engine[0] = new ReadFailingIoEngine(new PageCacheIoEngine()))
                        .segmentSize(1 << 20).tailCacheSize(512 * 1024).coldReadCacheSize(0))
                .build();
        try (Broker broker = Broker.start(config);
             RawClient client = new RawClient(broker.brokerAddress())) {
            byte[] body = new byte[10_000];
            for (int i = 0; i < 100; i++) {
                assertThat(client.call(Requests.send("events", 0, Map.of(), body)).code()).isEqualTo(ResponseCode.SUCCESS);
            }
            BrokerProtocolTest.pullUntilFound(client, "events", 0, 99);
            engine[0].failReads(new IOException("Input/output error"));

            // The oldest messages are no longer in memory: the read goes to the disk, which fails it.
            RemotingCommand failed = client.call(Requests.pull("reader", "events", 0, 0, 1, 0));
            assertThat(failed.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(failed.remark())
                    .contains(directory.resolve("store").resolve("commitlog").resolve("00000000000000000000").toString())
                    .contains("Input/output error");

            // Everything else goes on: recent messages, sends, and the same read once the disk reads again.
            assertThat(client.call(Requests.pull("reader", "events", 0, 99, 1, 0)).code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(client.call(Requests.send("events", 0, Map.of(), body)).code()).isEqualTo(ResponseCode.SUCCESS);
            engine[0].failReads(null);
            assertThat(client.call(Requests.pull("reader", "events", 0, 0, 1, 0)).code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }
}
