package io.tandem.bench.e2e.driver;

import io.tandem.bench.e2e.Credentials;
import io.tandem.bench.e2e.Security;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.exception.RemotingException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The unmodified Apache RocketMQ Java client, with its defaults except: a 10 s send timeout, each producer and
 * consumer its own client instance (connections), consumers starting from the first offset and handed up to 32
 * messages per listener call. The same driver runs against Tandem and against RocketMQ. With {@link Security#signed()}
 * every client signs its requests with the client's own {@code AclClientRPCHook}; with {@link Security#tls()} every
 * client connects with {@code setUseTLS(true)} (the client's default trust, which accepts the run's self-signed
 * certificate).
 */
final class RocketMqDriver implements Driver {

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);
    private static final int CONSUME_BATCH = 32;
    private static final long ROUTE_TIMEOUT_MILLIS = 10_000;

    private final String nameServer;
    private final RPCHook signer;
    private final boolean tls;
    private final int groups;

    RocketMqDriver(String nameServer) {
        this(nameServer, Security.NONE, null, 1);
    }

    RocketMqDriver(String nameServer, Security security, Credentials credentials, int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException("at least one broker group, was " + groups);
        }
        this.groups = groups;
        this.nameServer = nameServer;
        this.signer = security.signed()
                ? new AclClientRPCHook(new SessionCredentials(credentials.accessKey(), credentials.secretKey()))
                : null;
        this.tls = security.tls();
    }

    private <C extends ClientConfig> C configure(C client, String instanceName) {
        client.setNamesrvAddr(nameServer);
        client.setInstanceName(instanceName);
        client.setUseTLS(tls);
        return client;
    }

    /**
     * Creates the topic through the admin request every RocketMQ-protocol broker serves (UPDATE_AND_CREATE_TOPIC, sent
     * to the brokers of the {@code TBW102} route), retrying while the brokers are still registering, and waits until
     * the name server routes all its queues. With several broker groups it first waits until each of them is in the
     * {@code TBW102} route and gives each {@code queues / groups} queues.
     *
     * @throws IllegalArgumentException when {@code queues} is not a multiple of the broker groups
     */
    @Override
    public void createTopic(String topic, int queues) throws Exception {
        if (queues % groups != 0) {
            throw new IllegalArgumentException(queues + " queues cannot be spread evenly over " + groups
                    + " broker groups");
        }
        DefaultMQProducer admin = configure(new DefaultMQProducer("bench-admin", signer), "bench-admin-" + topic);
        admin.start();
        try {
            long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (groups > 1 && routedGroups(admin, TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC) < groups) {
                        Thread.sleep(500);
                        continue;
                    }
                    admin.createTopic(TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC, topic, queues / groups, Map.of());
                    if (admin.fetchPublishMessageQueues(topic).size() == queues) {
                        return;
                    }
                } catch (MQClientException e) {
                    last = e;
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("topic " + topic + " was not routable with " + queues + " queues over "
                    + groups + " broker group(s) within " + TOPIC_TIMEOUT.toSeconds() + " s", last);
        } finally {
            admin.shutdown();
        }
    }

    /**
     * Broker groups with a leader (brokerId 0) in the name server's route of {@code topic}; 0 while the name server
     * knows no route or does not answer in time (the caller asks again).
     */
    private static long routedGroups(DefaultMQProducer admin, String topic) throws InterruptedException {
        try {
            TopicRouteData route = admin.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl()
                    .getTopicRouteInfoFromNameServer(topic, ROUTE_TIMEOUT_MILLIS);
            return route.getBrokerDatas().stream()
                    .filter(broker -> broker.getBrokerAddrs().containsKey(MixAll.MASTER_ID)).count();
        } catch (MQClientException | RemotingException e) {
            return 0;
        }
    }

    @Override
    public DriverProducer createProducer(String name, boolean transactional) throws Exception {
        DefaultMQProducer producer;
        if (transactional) {
            TransactionMQProducer transactionProducer = new TransactionMQProducer("bench-producer", signer);
            transactionProducer.setTransactionListener(new CommitEverything());
            producer = transactionProducer;
        } else {
            producer = new DefaultMQProducer("bench-producer", signer);
        }
        configure(producer, name);
        producer.setSendMsgTimeout((int) SEND_TIMEOUT.toMillis());
        producer.start();
        return new Producer(producer);
    }

    @Override
    public DriverConsumer createConsumer(String name, String group, List<String> topics, MessageHandler onMessage)
            throws Exception {
        DefaultMQPushConsumer consumer = configure(new DefaultMQPushConsumer(group, signer), name);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeMessageBatchMaxSize(CONSUME_BATCH);
        for (String topic : topics) {
            consumer.subscribe(topic, "*");
        }
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt message : messages) {
                onMessage.onMessage(message.getBody());
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer::shutdown;
    }

    @Override
    public void close() {
    }

    private static final class Producer implements DriverProducer {

        private final DefaultMQProducer producer;

        Producer(DefaultMQProducer producer) {
            this.producer = producer;
        }

        @Override
        public void send(String topic, byte[] body) throws Exception {
            requireOk(producer.send(new Message(topic, body)));
        }

        @Override
        public void sendBatch(String topic, List<byte[]> bodies) throws Exception {
            List<Message> batch = new ArrayList<>(bodies.size());
            for (byte[] body : bodies) {
                batch.add(new Message(topic, body));
            }
            requireOk(producer.send(batch));
        }

        @Override
        public void sendAsync(String topic, byte[] body, SendCompletion completion) {
            try {
                producer.send(new Message(topic, body), new SendCallback() {
                    @Override
                    public void onSuccess(SendResult result) {
                        completion.completed(result.getSendStatus() == SendStatus.SEND_OK ? null
                                : new NotAcknowledgedException(result.getSendStatus().name()));
                    }

                    @Override
                    public void onException(Throwable failure) {
                        completion.completed(failure);
                    }
                });
            } catch (Exception | Error e) {
                completion.completed(e);
            }
        }

        @Override
        public void sendInTransaction(String topic, byte[] body) throws Exception {
            if (!(producer instanceof TransactionMQProducer transactional)) {
                throw new IllegalStateException("this producer was not created transactional");
            }
            TransactionSendResult result = transactional.sendMessageInTransaction(new Message(topic, body), null);
            requireOk(result);
            if (result.getLocalTransactionState() != LocalTransactionState.COMMIT_MESSAGE) {
                throw new NotAcknowledgedException("transaction ended " + result.getLocalTransactionState());
            }
        }

        @Override
        public void close() {
            producer.shutdown();
        }

        private static void requireOk(SendResult result) {
            if (result.getSendStatus() != SendStatus.SEND_OK) {
                throw new NotAcknowledgedException(result.getSendStatus().name());
            }
        }
    }

    /** Commits every half message, also when the broker checks back. */
    private static final class CommitEverything implements TransactionListener {

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
            return LocalTransactionState.COMMIT_MESSAGE;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt message) {
            return LocalTransactionState.COMMIT_MESSAGE;
        }
    }
}
