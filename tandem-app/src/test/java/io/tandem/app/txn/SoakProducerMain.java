package io.tandem.app.txn;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.client.producer.TransactionListener;
import io.tandem.client.producer.TransactionSendResult;
import io.tandem.client.producer.TransactionState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One producer JVM of the soak test. Arguments: name server, producer group, topic, first message number, end
 * (exclusive), sending threads. Sends messages {@code soak-<n>} in transactions (the body is also the unique key,
 * so the broker's decisions name the message) and decides each from its body alone ({@link #outcome}); its
 * check listener answers the same, so any JVM of the group answers for any message.
 *
 * <p>Prints {@code READY} once started, {@code BEGIN n} before each send (so the test never sends a number twice
 * after a kill), {@code SENT n <state>} or {@code FAILED n <error>} after it, and {@code DONE} when its range is
 * sent; then keeps answering checks until its standard input closes.
 */
final class SoakProducerMain {

    static final String BODY_PREFIX = "soak-";

    private SoakProducerMain() {
    }

    static String body(int number) {
        return BODY_PREFIX + number;
    }

    /** What the local transaction of this body decides, and every check about it answers. */
    static TransactionState outcome(String body) {
        return Math.floorMod(mix(body.hashCode()), 10) < 7 ? TransactionState.COMMIT : TransactionState.ROLLBACK;
    }

    /**
     * Whether the local transaction of this body ends in doubt (UNKNOWN), leaving the decision to a check: about one
     * message in 250.
     */
    static boolean inDoubt(String body) {
        return Math.floorMod(mix(body.hashCode()) >>> 8, 250) == 0;
    }

    public static void main(String[] args) throws IOException {
        String nameServer = args[0];
        String group = args[1];
        String topic = args[2];
        int from = Integer.parseInt(args[3]);
        int to = Integer.parseInt(args[4]);
        int threads = Integer.parseInt(args[5]);

        ClientConfig client = ClientConfig.builder(nameServer)
                .heartbeatInterval(Duration.ofSeconds(1))
                .routeRefreshInterval(Duration.ofSeconds(2))
                .build();
        // No retry on another queue: a retried half would be a second half of the same message.
        ProducerConfig config = ProducerConfig.builder(group).retryTimes(0).sendTimeout(Duration.ofSeconds(10)).build();
        Producer producer = Producer.startTransactional(client, config, new TransactionListener() {
            @Override
            public TransactionState executeLocal(Message message, Object arg) {
                String body = new String(message.body(), StandardCharsets.UTF_8);
                return inDoubt(body) ? TransactionState.UNKNOWN : outcome(body);
            }

            @Override
            public TransactionState check(ReceivedMessage message) {
                return outcome(message.bodyAsString());
            }
        });
        // Looking the topic up registers the group with the broker at once, so this JVM answers checks about its
        // predecessors' halves even when its own range is already sent.
        producer.publishQueues(topic);
        print("READY");

        AtomicInteger next = new AtomicInteger(from);
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            senders.add(Thread.ofPlatform().name("soak-sender-" + i).start(() -> {
                for (int number = next.getAndIncrement(); number < to; number = next.getAndIncrement()) {
                    String body = body(number);
                    print("BEGIN " + number);
                    try {
                        TransactionSendResult sent = producer.sendInTransaction(Message.builder(topic).body(body)
                                .uniqueKey(body).build(), null);
                        print("SENT " + number + " " + sent.state());
                    } catch (RuntimeException e) {
                        print("FAILED " + number + " " + e);
                    }
                }
            }));
        }
        for (Thread sender : senders) {
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        print("DONE");

        while (System.in.read() != -1) {
            // answer checks until the test closes our standard input
        }
        producer.close();
        System.exit(0);
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
