package io.tandem.server.compat;

import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.remoting.RPCHook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes unmodified Apache RocketMQ clients that talk to one test broker, and shuts down every client it made on
 * {@link #close()}.
 *
 * <p>Each client gets its own instance name, so it has its own connections and timers, as separate processes would.
 * Route polls, heartbeats, offset persistence and rebalances run every second instead of every 20 to 30 s, so tests
 * need not wait for the client's periodic work.
 *
 * <p>The client's own logging goes to {@code target/rocketmq-client-logs} at WARN (run with
 * {@code -Drocketmq.log.level=DEBUG} to see what it does), and broadcasting consumers keep their offsets in
 * {@code target/rocketmq-client-offsets} instead of the home directory. The client reads those settings once, when its
 * classes load, so this class must be initialised before a test touches a RocketMQ class.
 */
public final class RocketMqClients implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    static {
        setIfAbsent("rocketmq.log.root", Path.of("target", "rocketmq-client-logs").toAbsolutePath().toString());
        setIfAbsent("rocketmq.log.level", "WARN");
        setIfAbsent("rocketmq.client.localOffsetStoreDir",
                Path.of("target", "rocketmq-client-offsets").toAbsolutePath().toString());
        setIfAbsent("rocketmq.client.rebalance.waitInterval", "1000");
    }

    private final String nameServerAddress;
    private final RPCHook rpcHook;
    private final boolean useTls;
    private final List<Runnable> shutdowns = new ArrayList<>();

    public RocketMqClients(String nameServerAddress) {
        this(nameServerAddress, null);
    }

    /** Clients that pass every request through {@code rpcHook} (an {@code AclClientRPCHook} signs them), or none. */
    RocketMqClients(String nameServerAddress, RPCHook rpcHook) {
        this(nameServerAddress, rpcHook, false);
    }

    /**
     * Clients that connect with TLS ({@code setUseTLS(true)}) when {@code useTls}; what they trust and which
     * certificate they present comes from RocketMQ's {@code TlsSystemConfig}, read when each client starts.
     */
    RocketMqClients(String nameServerAddress, RPCHook rpcHook, boolean useTls) {
        this.nameServerAddress = nameServerAddress;
        this.rpcHook = rpcHook;
        this.useTls = useTls;
    }

    /** A started producer. */
    public DefaultMQProducer producer(String group) throws MQClientException {
        DefaultMQProducer producer = configure(new DefaultMQProducer(group, rpcHook));
        producer.setSendMsgTimeout(5_000);
        shutdowns.add(producer::shutdown);
        producer.start();
        return producer;
    }

    /** A transactional producer answering local transactions and checks with {@code listener}; not started. */
    public TransactionMQProducer transactionProducer(String group, TransactionListener listener) {
        TransactionMQProducer producer = configure(new TransactionMQProducer(group, rpcHook));
        producer.setSendMsgTimeout(5_000);
        producer.setTransactionListener(listener);
        shutdowns.add(producer::shutdown);
        return producer;
    }

    /**
     * A push consumer that starts from the first offset of queues its group has no offset for; the caller subscribes,
     * sets a listener and starts it.
     */
    public DefaultMQPushConsumer pushConsumer(String group) {
        DefaultMQPushConsumer consumer = configure(new DefaultMQPushConsumer(group, rpcHook));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(4);
        consumer.setConsumeThreadMax(4);
        consumer.setAwaitTerminationMillisWhenShutdown(2_000);
        shutdowns.add(consumer::shutdown);
        return consumer;
    }

    /** A started producer with message trace on (trace records go to the default trace topic). */
    DefaultMQProducer tracingProducer(String group) throws MQClientException {
        DefaultMQProducer producer = configure(new DefaultMQProducer(group, true, null));
        producer.setSendMsgTimeout(5_000);
        shutdowns.add(producer::shutdown);
        producer.start();
        return producer;
    }

    /** Like {@link #pushConsumer(String)}, with message trace on. */
    DefaultMQPushConsumer tracingPushConsumer(String group) {
        DefaultMQPushConsumer consumer = configure(new DefaultMQPushConsumer(group, true, null));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(4);
        consumer.setConsumeThreadMax(4);
        consumer.setAwaitTerminationMillisWhenShutdown(2_000);
        shutdowns.add(consumer::shutdown);
        return consumer;
    }

    /** A lite pull consumer starting from the first offset; the caller subscribes or assigns and starts it. */
    DefaultLitePullConsumer litePullConsumer(String group) {
        DefaultLitePullConsumer consumer = configure(new DefaultLitePullConsumer(group, rpcHook));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPollTimeoutMillis(500);
        consumer.setTopicMetadataCheckIntervalMillis(1_000);
        shutdowns.add(consumer::shutdown);
        return consumer;
    }

    private <T extends ClientConfig> T configure(T client) {
        client.setNamesrvAddr(nameServerAddress);
        client.setInstanceName("compat-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
        client.setVipChannelEnabled(false);
        client.setUseTLS(useTls);
        client.setPollNameServerInterval(1_000);
        client.setHeartbeatBrokerInterval(1_000);
        client.setPersistConsumerOffsetInterval(1_000);
        return client;
    }

    /**
     * Shuts every client down, all at once: a client's shutdown can wait up to 3 s for one of its own threads (its
     * Netty event loop polls its queue for 3 s and is not woken), and doing them one by one would add those waits up.
     */
    @Override
    public void close() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();
        for (Runnable shutdown : shutdowns) {
            threads.add(Thread.ofPlatform().name("compat-client-shutdown").start(() -> {
                try {
                    shutdown.run();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        shutdowns.clear();
        for (Thread thread : threads) {
            if (!thread.join(SHUTDOWN_TIMEOUT)) {
                failures.add(new IllegalStateException("a client did not shut down within " + SHUTDOWN_TIMEOUT));
            }
        }
        RuntimeException failure = failures.poll();
        if (failure != null) {
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
