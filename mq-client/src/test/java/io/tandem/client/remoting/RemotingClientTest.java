package io.tandem.client.remoting;

import io.netty.channel.Channel;
import io.tandem.client.concurrent.VirtualThreads;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.SerializeType;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RemotingClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int ECHO = RequestCode.GET_ROUTEINFO_BY_TOPIC;
    private static final int SLOW = RequestCode.HEART_BEAT;
    private static final int DROP = RequestCode.UNREGISTER_CLIENT;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<String> processorThreads = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            AutoCloseable resource = resources.get(i);
            resource.close();
        }
        ThreadLeaks.assertNoneLeft("tandem-remoting-client");
    }

    @Test
    void shouldCorrelateManyConcurrentResponsesAnsweredOutOfOrder() throws Exception {
        int count = 64;
        List<RemotingCommand> held = new ArrayList<>();
        TestServer server = server((channel, request) -> {
            held.add(request);
            if (held.size() == count) {
                for (int i = held.size() - 1; i >= 0; i--) {
                    RemotingCommand each = held.get(i);
                    TestServer.send(channel, each.response(ResponseCode.SUCCESS)
                            .extField("echo", each.extField("i")).build());
                }
            }
        });
        RemotingClient client = client(RemotingClientConfig.defaults());

        List<CompletableFuture<RemotingCommand>> futures = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<CompletableFuture<RemotingCommand>>> submitted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                RemotingCommand request = RemotingCommand.request(ECHO).extField("i", Integer.toString(i)).build();
                submitted.add(CompletableFuture.supplyAsync(
                        () -> client.invoke(server.address(), request, TIMEOUT), callers));
            }
            for (var each : submitted) {
                futures.add(each.get(5, TimeUnit.SECONDS));
            }
        } finally {
            VirtualThreads.close(callers);
        }

        for (int i = 0; i < count; i++) {
            RemotingCommand response = futures.get(i).get(5, TimeUnit.SECONDS);
            assertThat(response.isResponse()).isTrue();
            assertThat(response.extField("echo")).isEqualTo(Integer.toString(i));
        }
        assertThat(server.accepted).hasSize(1);
        assertThat(server.received.stream().map(RemotingCommand::opaque).distinct()).hasSize(count);
        assertThat(client.pendingCount(server.address())).isZero();
    }

    @Test
    void shouldTimeOutAndIgnoreTheLateResponse() throws Exception {
        List<RemotingCommand> slow = new CopyOnWriteArrayList<>();
        TestServer server = server((channel, request) -> {
            if (request.code() == SLOW) {
                slow.add(request);
            } else {
                TestServer.send(channel, request.response(ResponseCode.SUCCESS).build());
            }
        });
        RemotingClient client = client(RemotingClientConfig.defaults());

        CompletableFuture<RemotingCommand> future = client.invoke(server.address(),
                RemotingCommand.request(SLOW).build(), Duration.ofMillis(150));

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(RemotingTimeoutException.class)
                .hasMessageContaining(server.address())
                .hasMessageContaining("HEART_BEAT")
                .hasMessageContaining("code " + SLOW)
                .hasMessageContaining("opaque " + slow.get(0).opaque())
                .hasMessageContaining("150 ms");
        assertThat(client.pendingCount(server.address())).isZero();

        Channel channel = server.lastAccepted();
        TestServer.send(channel, slow.get(0).response(ResponseCode.SUCCESS).build());
        RemotingCommand next = client.invoke(server.address(), RemotingCommand.request(ECHO).build(), TIMEOUT)
                .get(5, TimeUnit.SECONDS);

        assertThat(next.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(server.accepted).hasSize(1);
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void shouldFailPendingRequestsWhenTheConnectionDropsAndReconnectOnNextUse() throws Exception {
        TestServer server = server((channel, request) -> {
            if (request.code() == DROP) {
                channel.close();
            } else if (request.code() == ECHO) {
                TestServer.send(channel, request.response(ResponseCode.SUCCESS).build());
            }
        });
        RemotingClient client = client(RemotingClientConfig.defaults());
        CompletableFuture<RemotingCommand> waiting = client.invoke(server.address(),
                RemotingCommand.request(SLOW).build(), TIMEOUT);
        server.take();

        CompletableFuture<RemotingCommand> dropped = client.invoke(server.address(),
                RemotingCommand.request(DROP).build(), TIMEOUT);

        for (CompletableFuture<RemotingCommand> future : List.of(waiting, dropped)) {
            assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(RemotingConnectException.class)
                    .hasMessageContaining(server.address());
        }
        RemotingCommand response = client.invoke(server.address(), RemotingCommand.request(ECHO).build(), TIMEOUT)
                .get(5, TimeUnit.SECONDS);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(server.accepted).hasSize(2);
    }

    @Test
    void shouldAnswerServerRequestsWithTheRegisteredProcessorOrNotSupported() throws Exception {
        TestServer server = server((channel, request) -> {
            if (!request.isResponse()) {
                TestServer.send(channel, request.response(ResponseCode.SUCCESS).build());
            }
        });
        RemotingClient client = client(RemotingClientConfig.defaults());
        client.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, (address, request) -> {
            processorThreads.add(Thread.currentThread().getName());
            return RemotingCommand.request(ResponseCode.SUCCESS).opaque(-1)
                    .remark("checked " + request.extField("tid") + " from " + address).build();
        });
        client.invoke(server.address(), RemotingCommand.request(ECHO).build(), TIMEOUT).get(5, TimeUnit.SECONDS);
        server.take();
        Channel channel = server.lastAccepted();

        TestServer.send(channel, RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE).opaque(77)
                .extField("tid", "t1").build());
        RemotingCommand checked = server.take();
        TestServer.send(channel, RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED).opaque(78)
                .oneway().build());
        TestServer.send(channel, RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED).opaque(79)
                .build());
        RemotingCommand unsupported = server.take();

        assertThat(checked.isResponse()).isTrue();
        assertThat(checked.opaque()).isEqualTo(77);
        assertThat(checked.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(checked.remark()).isEqualTo("checked t1 from " + server.address());
        assertThat(processorThreads).singleElement().asString().doesNotStartWith("tandem-remoting-client");
        assertThat(unsupported.isResponse()).isTrue();
        assertThat(unsupported.opaque()).as("no answer to the oneway request 78").isEqualTo(79);
        assertThat(unsupported.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(unsupported.remark()).isEqualTo(" request type 40 not supported");
    }

    @Test
    void shouldCloseOnlyTheConnectionThatSentGarbage() throws Exception {
        BiConsumer<Channel, RemotingCommand> echoOthers = (channel, request) -> {
            if (request.code() == ECHO) {
                TestServer.send(channel, request.response(ResponseCode.SUCCESS).build());
            }
        };
        TestServer bad = server(echoOthers);
        TestServer good = server(echoOthers);
        RemotingClient client = client(RemotingClientConfig.defaults());
        client.invoke(good.address(), RemotingCommand.request(ECHO).build(), TIMEOUT).get(5, TimeUnit.SECONDS);
        CompletableFuture<RemotingCommand> waiting = client.invoke(bad.address(),
                RemotingCommand.request(SLOW).build(), TIMEOUT);
        bad.take();

        TestServer.sendRaw(bad.lastAccepted(), new byte[] {0, 0, 0, 8, (byte) 0x7f, 0, 0, 3, 'x', 'y', 'z', 'w'});

        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(RemotingConnectException.class)
                .hasMessageContaining(bad.address())
                .hasMessageContaining("undecodable frame")
                .hasCauseInstanceOf(ProtocolException.class);
        assertThat(bad.lastAccepted().closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        RemotingCommand stillFine = client.invoke(good.address(), RemotingCommand.request(ECHO).build(), TIMEOUT)
                .get(5, TimeUnit.SECONDS);
        assertThat(stillFine.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(good.accepted).hasSize(1);
        assertThat(good.lastAccepted().isActive()).isTrue();
    }

    @Test
    void shouldSendOnewayWithFlagTwoAndKeepNothingPending() throws Exception {
        TestServer server = server((channel, request) -> { });
        RemotingClient client = client(RemotingClientConfig.defaults());

        client.invokeOneway(server.address(), RemotingCommand.request(RequestCode.END_TRANSACTION).build())
                .get(5, TimeUnit.SECONDS);

        RemotingCommand received = server.take();
        assertThat(received.code()).isEqualTo(RequestCode.END_TRANSACTION);
        assertThat(received.flag()).isEqualTo(RemotingCommand.ONEWAY_FLAG);
        assertThat(client.pendingCount(server.address())).isZero();
    }

    @Test
    void shouldCloseIdleConnectionsAndReconnectOnNextUse() throws Exception {
        TestServer server = server((channel, request) ->
                TestServer.send(channel, request.response(ResponseCode.SUCCESS).build()));
        RemotingClient client = client(RemotingClientConfig.builder().idleTime(Duration.ofMillis(200)).build());
        client.invoke(server.address(), RemotingCommand.request(ECHO).build(), TIMEOUT).get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> !server.accepted.get(0).isActive());
        client.invoke(server.address(), RemotingCommand.request(ECHO).build(), TIMEOUT).get(5, TimeUnit.SECONDS);

        assertThat(server.accepted).hasSize(2);
    }

    @Test
    void shouldUseTheBinaryHeaderWhenConfigured() throws Exception {
        TestServer server = server((channel, request) ->
                TestServer.send(channel, request.response(ResponseCode.SUCCESS).build()));
        RemotingClient client = client(RemotingClientConfig.builder().serializeType(SerializeType.ROCKETMQ).build());

        RemotingCommand response = client.invoke(server.address(),
                RemotingCommand.request(ECHO).extField("topic", "T").build(), TIMEOUT).get(5, TimeUnit.SECONDS);

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(server.take().extField("topic")).isEqualTo("T");
    }

    @Test
    void shouldFailPendingRequestsOnCloseAndRejectCallsAfterwards() throws Exception {
        TestServer server = server((channel, request) -> { });
        RemotingClient client = new RemotingClient(RemotingClientConfig.defaults());
        CompletableFuture<RemotingCommand> waiting = client.invoke(server.address(),
                RemotingCommand.request(SLOW).build(), TIMEOUT);
        server.take();

        client.close();
        client.close();

        assertThat(waiting).isCompletedExceptionally();
        assertThatThrownBy(waiting::join).cause().isInstanceOf(RemotingConnectException.class)
                .hasMessageContaining("client was closed");
        assertThat(client.invoke(server.address(), RemotingCommand.request(ECHO).build(), TIMEOUT))
                .isCompletedExceptionally();
    }

    @Test
    void shouldFailWithConnectExceptionWhenNothingListens() throws Exception {
        TestServer server = server((channel, request) -> { });
        String address = server.address();
        server.close();
        RemotingClient client = client(RemotingClientConfig.defaults());

        assertThatThrownBy(() -> client.invoke(address, RemotingCommand.request(ECHO).build(), TIMEOUT)
                .get(5, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(RemotingConnectException.class)
                .hasMessageContaining(address);
    }

    @Test
    void shouldRejectInvalidConfig() {
        assertThatThrownBy(() -> RemotingClientConfig.builder().workerThreads(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workerThreads");
        assertThatThrownBy(() -> RemotingClientConfig.builder().idleTime(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTime");
        assertThatThrownBy(() -> RemotingClientConfig.builder().connectTimeout(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThat(RemotingClientConfig.defaults().idleTime()).isEqualTo(Duration.ofSeconds(120));
    }

    private TestServer server(BiConsumer<Channel, RemotingCommand> handler) {
        TestServer server = new TestServer(handler);
        resources.add(server);
        return server;
    }

    private RemotingClient client(RemotingClientConfig config) {
        RemotingClient client = new RemotingClient(config);
        resources.add(client);
        return client;
    }
}
