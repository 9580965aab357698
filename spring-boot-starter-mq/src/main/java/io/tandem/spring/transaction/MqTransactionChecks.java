package io.tandem.spring.transaction;

import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.producer.TransactionListener;
import io.tandem.client.producer.TransactionState;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.spring.support.MqHeaders;
import io.tandem.spring.support.MqMessageMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The starter's answer to everything the producer asks about transactions: it runs the local transaction of
 * {@code MqTemplate.sendInTransaction} (outside Spring transactions) in the routed {@link MqLocalTransactionListener},
 * and answers check-backs (from the broker, or over HTTP from a coordinator through
 * {@link MqTransactionCheckEndpoint}) from the {@link MqTransactionLog} for messages sent inside Spring transactions,
 * else from the listener serving the message's transaction type or topic. A listener's message sent inside a Spring
 * transaction is answered from the log until that transaction committed, and from its listener after that if the
 * listener's answer was UNKNOWN.
 *
 * <p>Thread-safe. Failure modes: none thrown from checks; what cannot be answered is UNKNOWN (logged), which the
 * broker asks again.
 */
public final class MqTransactionChecks implements TransactionListener {

    /** User property naming the transaction type a message was sent with, which routes its check-backs. */
    public static final String TYPE_PROPERTY = "TANDEM_TX_TYPE";

    private static final Logger LOG = LoggerFactory.getLogger(MqTransactionChecks.class);

    private final MqTransactionListenerRegistry listeners;
    private final ObjectProvider<MqTransactionLog> log;
    private final MessageConverter converter;
    private final MqMessageMapper mapper = new MqMessageMapper();

    /**
     * @param log       the transaction log, if the application has a database
     * @param converter converts check-back bodies back into listeners' payload types
     */
    public MqTransactionChecks(MqTransactionListenerRegistry listeners, ObjectProvider<MqTransactionLog> log,
                               MessageConverter converter) {
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.log = Objects.requireNonNull(log, "log");
        this.converter = Objects.requireNonNull(converter, "converter");
    }

    /** What {@code MqTemplate.sendInTransaction} hands to the producer as the send's argument. */
    public record LocalExecution(MqTransactionListenerRegistry.Registered listener,
                                 org.springframework.messaging.Message<Object> message, Object arg) {
    }

    /** The listener {@code sendInTransaction} of {@code type} (or null) to {@code topic} runs in. */
    public MqTransactionListenerRegistry.Registered route(String type, String topic) {
        MqTransactionListenerRegistry.Registered listener = listeners.find(type, topic);
        if (listener == null) {
            throw new IllegalStateException(type != null
                    ? "no @MqTransactionListener serves transaction type '" + type + "'"
                    : "no @MqTransactionListener serves topic '" + topic + "'; add one with topics = \"" + topic
                    + "\", or send inside a @Transactional method instead");
        }
        return listener;
    }

    @Override
    public TransactionState executeLocal(Message message, Object arg) {
        if (!(arg instanceof LocalExecution execution)) {
            throw new IllegalStateException("transactional sends of this producer go through MqTemplate");
        }
        return execution.listener().listener().execute(execution.message(), execution.arg());
    }

    /**
     * Answers a check-back. A message sent inside a Spring transaction is answered from the log, which waits for that
     * transaction to end; a listener's message is asked to its listener's {@code check}, for one sent inside a
     * Spring transaction only once that transaction committed with the listener's answer UNKNOWN.
     */
    @Override
    public TransactionState check(ReceivedMessage message) {
        String topic = topicOf(message);
        String transactionId = message.uniqueKey() != null ? message.uniqueKey() : message.messageId();
        if (message.property(MqTransactionalSends.LOG_PROPERTY) != null) {
            MqTransactionLog.Entry entry = fromLog(transactionId, message.property(PropertyKeys.PGROUP), topic);
            if (entry == null) {
                return TransactionState.UNKNOWN;
            }
            if (entry.outcome() != null) {
                return entry.outcome();
            }
        }
        String type = message.property(TYPE_PROPERTY);
        MqTransactionListenerRegistry.Registered listener = listeners.find(type, topic);
        if (listener == null) {
            LOG.warn("No @MqTransactionListener serves {} '{}' of transactional message {}; answering UNKNOWN",
                    type != null ? "type" : "topic", type != null ? type : topic, transactionId);
            return TransactionState.UNKNOWN;
        }
        org.springframework.messaging.Message<byte[]> received = mapper.toSpringMessage(message);
        return listener.listener().check(MessageBuilder.createMessage(payload(listener, received),
                received.getHeaders()));
    }

    /**
     * Prepares the message of a {@code sendInTransaction}: with a transaction log, gives it a new transaction id and
     * records (committed at once) which listener decides it, so that checks over HTTP, which do not carry the
     * message, find that listener.
     *
     * @param transactionType the type the message is sent with, or null
     */
    public void prepareLocal(Message.Builder message, String topic, String transactionType, String producerGroup) {
        MqTransactionLog transactionLog = log.getIfAvailable();
        if (transactionType != null) {
            message.property(TYPE_PROPERTY, transactionType);
        }
        if (transactionLog != null) {
            String transactionId = MqTransactionalSends.newTransactionId();
            message.uniqueKey(transactionId);
            transactionLog.recordListener(transactionId, producerGroup, topic, transactionType);
        }
    }

    /**
     * Answers a check asked over HTTP, which names the message but carries neither its body nor its properties.
     * With a transaction log: a row with an outcome gives it; a LISTENER row names the listener to ask; no row means
     * a Spring transaction that rolled back or still runs (every transactional message this application sends has a
     * row before it is sent), settled by {@link MqTransactionLog#resolve}. Without a log, the listener serving the
     * topic is asked. A listener is asked only if it takes {@code byte[]} payloads (its check sees the keys and the
     * message id, with an empty payload); listeners of other payload types need the body: UNKNOWN, left to the next
     * check over a producer connection.
     */
    public TransactionState checkByHttp(String transactionId, String topic, List<String> keys, String producerGroup) {
        MqTransactionLog transactionLog = log.getIfAvailable();
        if (transactionLog == null) {
            return askByHttp(transactionId, listeners.find(null, topic), keys);
        }
        MqTransactionLog.Entry entry;
        try {
            entry = transactionLog.find(transactionId);
        } catch (DataAccessException e) {
            LOG.warn("Cannot read the transaction log for {}: {}", transactionId, e.getMessage());
            return TransactionState.UNKNOWN;
        }
        if (entry == null) {
            entry = transactionLog.settle(transactionId, producerGroup, topic);
            if (entry == null) {
                return TransactionState.UNKNOWN;
            }
        }
        TransactionState outcome = entry.outcome();
        return outcome != null ? outcome
                : askByHttp(transactionId, listeners.find(entry.transactionType(), entry.topic()), keys);
    }

    private TransactionState askByHttp(String transactionId, MqTransactionListenerRegistry.Registered listener,
                                       List<String> keys) {
        if (listener == null) {
            LOG.info("Check of {} over HTTP: no local-transaction listener serves it; UNKNOWN", transactionId);
            return TransactionState.UNKNOWN;
        }
        Class<?> payloadType = listener.payloadType().resolve(Object.class);
        if (payloadType != Object.class && payloadType != byte[].class) {
            LOG.info("Check of {} over HTTP: listener '{}' needs the message body ({}), which HTTP checks do not"
                    + " carry; UNKNOWN", transactionId, listener.beanName(), payloadType.getName());
            return TransactionState.UNKNOWN;
        }
        MessageBuilder<Object> message = MessageBuilder.withPayload((Object) new byte[0])
                .setHeader(MqHeaders.MESSAGE_ID, transactionId);
        if (!keys.isEmpty()) {
            message.setHeader(MqHeaders.KEYS, keys);
        }
        try {
            TransactionState state = listener.listener().check(message.build());
            return state == null ? TransactionState.UNKNOWN : state;
        } catch (RuntimeException e) {
            LOG.warn("Check of {} by listener '{}' failed; UNKNOWN", transactionId, listener.beanName(), e);
            return TransactionState.UNKNOWN;
        }
    }

    /** The settled row of a message sent inside a Spring transaction, or null while it cannot be told. */
    private MqTransactionLog.Entry fromLog(String transactionId, String producerGroup, String topic) {
        MqTransactionLog transactionLog = log.getIfAvailable();
        if (transactionLog == null) {
            LOG.warn("Transactional message {} was sent inside a Spring transaction, but this application has no"
                    + " transaction log (no DataSource); answering UNKNOWN", transactionId);
            return null;
        }
        return transactionLog.settle(transactionId, producerGroup, topic);
    }

    private Object payload(MqTransactionListenerRegistry.Registered listener,
                           org.springframework.messaging.Message<byte[]> received) {
        Class<?> type = listener.payloadType().resolve(Object.class);
        if (type == Object.class || type == byte[].class) {
            return received.getPayload();
        }
        Object converted = converter.fromMessage(received, type);
        if (converted == null) {
            throw new IllegalStateException("cannot convert the body of message "
                    + received.getHeaders().get(MqHeaders.MESSAGE_ID) + " to " + type.getName() + " for listener '"
                    + listener.beanName() + "'");
        }
        return converted;
    }

    private static String topicOf(ReceivedMessage message) {
        String real = message.property(PropertyKeys.REAL_TOPIC);
        return real != null ? real : message.topic();
    }

    /** Splits the keys parameter of an HTTP check (separated by spaces, as message keys are). */
    static List<String> keys(String keys) {
        return keys == null || keys.isBlank() ? List.of() : Arrays.stream(keys.strip().split(" +")).toList();
    }
}
