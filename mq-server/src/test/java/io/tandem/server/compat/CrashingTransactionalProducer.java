package io.tandem.server.compat;

import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Child process of {@link ProducerCrashCompatibilityTest}: sends one transactional message with the RocketMQ client,
 * reports on stdout once the half is stored and its local transaction has begun, then waits to be killed before it
 * can send END_TRANSACTION. Arguments: name server address, producer group, topic, body.
 */
public final class CrashingTransactionalProducer {

    private CrashingTransactionalProducer() {
    }

    public static void main(String[] args) throws Exception {
        TransactionMQProducer producer = new TransactionMQProducer(args[1]);
        producer.setNamesrvAddr(args[0]);
        producer.setInstanceName("crashing-" + ProcessHandle.current().pid());
        producer.setVipChannelEnabled(false);
        CountDownLatch never = new CountDownLatch(1);
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                System.out.println("HALF_STORED " + message.getTransactionId());
                System.out.flush();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                return LocalTransactionState.UNKNOW;
            }
        });
        producer.start();
        producer.sendMessageInTransaction(new Message(args[2], args[3].getBytes(StandardCharsets.UTF_8)), null);
    }
}
