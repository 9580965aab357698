package io.tandem.app.txn;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.client.producer.TransactionListener;
import io.tandem.client.producer.TransactionState;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A producer whose local transaction never ends, run in its own JVM so that a test can kill it with SIGKILL between
 * the stored half message and END_TRANSACTION. Arguments: name server, producer group, topic, message body (also
 * its key). Prints {@link #LOCAL_TRANSACTION_STARTED} and the body once the broker stored the half and the local
 * transaction started, then blocks; checks reaching it are answered UNKNOWN.
 */
final class StuckProducerMain {

    static final String LOCAL_TRANSACTION_STARTED = "LOCAL-TRANSACTION-STARTED";

    private StuckProducerMain() {
    }

    public static void main(String[] args) {
        String nameServer = args[0];
        String group = args[1];
        String topic = args[2];
        String body = args[3];
        ClientConfig client = ClientConfig.builder(nameServer).heartbeatInterval(Duration.ofSeconds(1)).build();
        Producer producer = Producer.startTransactional(client, ProducerConfig.of(group), new TransactionListener() {
            @Override
            public TransactionState executeLocal(Message message, Object arg) {
                System.out.println(LOCAL_TRANSACTION_STARTED + " " + new String(message.body(), StandardCharsets.UTF_8));
                System.out.flush();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return TransactionState.UNKNOWN;
            }

            @Override
            public TransactionState check(ReceivedMessage message) {
                return TransactionState.UNKNOWN;
            }
        });
        producer.sendInTransaction(Message.builder(topic).body(body).keys(body).build(), null);
        producer.close();
    }
}
