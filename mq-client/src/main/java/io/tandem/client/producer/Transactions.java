package io.tandem.client.producer;

import io.tandem.client.Message;
import io.tandem.client.MqClientException;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.SendStatus;
import io.tandem.client.internal.Calls;
import io.tandem.client.internal.ClientInstance;
import io.tandem.client.internal.MessageSender;
import io.tandem.client.internal.MessageTracer;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CheckTransactionStateRequestHeader;
import io.tandem.protocol.header.EndTransactionRequestHeader;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.trace.TraceMessageType;
import io.tandem.protocol.trace.TraceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transactional send of one producer group (fact sheet 7.3, 2.9, 2.10): the half message, the local transaction,
 * END_TRANSACTION (oneway) to the current leader of the broker group that stored the half (found by broker name, so
 * that a half stored before a failover is decided on the promoted replica), and the answers to
 * CHECK_TRANSACTION_STATE. Thread-safe.
 */
final class Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    private static final int CHECK_QUEUE_CAPACITY = 2000;
    /** Attempts to deliver one END_TRANSACTION before leaving the decision to the broker's check-back. */
    private static final int END_ATTEMPTS = 6;
    /** Pause before the second delivery attempt when no new leader is known; grows by this much per attempt. */
    private static final Duration END_RETRY_DELAY = Duration.ofMillis(200);

    private final ClientInstance instance;
    private final MessageSender sender;
    private final TransactionListener listener;
    private final ThreadPoolExecutor checks;

    /** @param checkThreads the most check-backs answered at once; further ones wait in a bounded queue */
    Transactions(ClientInstance instance, MessageSender sender, TransactionListener listener, int checkThreads) {
        this.instance = instance;
        this.sender = sender;
        this.listener = listener;
        AtomicInteger threadCount = new AtomicInteger();
        // Check-backs beyond the queue are dropped: the broker asks again at its next check.
        this.checks = new ThreadPoolExecutor(checkThreads, checkThreads, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(CHECK_QUEUE_CAPACITY), runnable -> {
                    Thread thread = new Thread(runnable,
                            "tandem-check-" + sender.producerGroup() + "-" + threadCount.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, Transactions::dropCheck);
        this.checks.allowCoreThreadTimeOut(true);
    }

    private static void dropCheck(Runnable check, ThreadPoolExecutor executor) {
        if (executor.isShutdown()) {
            LOG.debug("Check-back not answered: the producer is closed");
        } else {
            LOG.warn("{} check-backs are waiting; dropping one, the broker will ask again", CHECK_QUEUE_CAPACITY);
        }
    }

    /** Stops answering check-backs; those queued are dropped (the broker asks again). */
    void close() {
        checks.shutdownNow();
    }

    TransactionSendResult send(Message message, Object arg) {
        HalfMessage half = sendHalf(message);
        TransactionState state = TransactionState.ROLLBACK;
        String remark = null;
        if (half.sendResult().status() == SendStatus.SEND_OK) {
            try {
                state = listener.executeLocal(message, arg);
                if (state == null) {
                    state = TransactionState.UNKNOWN;
                }
            } catch (RuntimeException e) {
                LOG.warn("Local transaction of message {} failed; the broker will check back", half.transactionId(),
                        e);
                state = TransactionState.UNKNOWN;
                remark = e.toString();
            }
        }
        end(half, state, remark, message.properties());
        return new TransactionSendResult(half.sendResult(), state);
    }

    /** Sends the half message, whatever status the broker stored it with. */
    HalfMessage sendHalf(Message message) {
        return new HalfMessage(sender.send(sender.prepareHalf(message)), message.topic());
    }

    /** Reports {@code state} for {@code half} with END_TRANSACTION (oneway); UNKNOWN leaves it to the check-backs. */
    void end(HalfMessage half, TransactionState state, String remark) {
        end(half, state, remark, Map.of());
    }

    /** As {@link #end(HalfMessage, TransactionState, String)}, tracing the tags and keys of {@code properties}. */
    private void end(HalfMessage half, TransactionState state, String remark, Map<String, String> properties) {
        SendResult sent = half.sendResult();
        String address = instance.masterAddress(sent.queue().brokerName());
        long commitLogOffset;
        try {
            commitLogOffset = OffsetMessageId.decode(sent.offsetMessageId()).commitLogOffset();
        } catch (ProtocolException e) {
            throw new MqClientException("the broker answered the half message with an unreadable id '"
                    + sent.offsetMessageId() + "'", e);
        }
        EndTransactionRequestHeader header = new EndTransactionRequestHeader(sender.producerGroup(),
                sent.queueOffset(), commitLogOffset, state.wire(), false, sent.messageId(), sent.transactionId(),
                half.topic(), sent.queue().brokerName());
        endTransaction(address, header, remark, state, properties);
    }

    /** Answers a check-back on a worker thread; the request itself gets no response (it is oneway). */
    RemotingCommand onCheck(String address, RemotingCommand request) {
        CheckTransactionStateRequestHeader header = CheckTransactionStateRequestHeader.from(request);
        List<MessageRecord> records = MessageCodec.decodeAll(request.body());
        if (records.isEmpty()) {
            LOG.warn("Check-back from {} without a message: {}", address, request);
            return null;
        }
        MessageRecord record = records.get(0);
        String group = record.property(PropertyKeys.PGROUP);
        if (group != null && !group.equals(sender.producerGroup())) {
            LOG.debug("Ignoring a check-back for producer group {} (this is {})", group, sender.producerGroup());
            return null;
        }
        ReceivedMessage message = ReceivedMessage.from(record, header.brokerName() == null ? "" : header.brokerName());
        checks.execute(() -> {
            TransactionState state;
            String remark = null;
            try {
                state = listener.check(message);
                if (state == null) {
                    state = TransactionState.UNKNOWN;
                }
            } catch (RuntimeException e) {
                LOG.warn("Transaction check of message {} failed", message.messageId(), e);
                state = TransactionState.UNKNOWN;
                remark = e.toString();
            }
            String uniqueKey = message.uniqueKey() != null ? message.uniqueKey() : header.msgId();
            endTransaction(address, new EndTransactionRequestHeader(sender.producerGroup(),
                    header.tranStateTableOffset(), header.commitLogOffset(), state.wire(), true,
                    uniqueKey == null ? message.messageId() : uniqueKey, header.transactionId(), header.topic(),
                    header.brokerName()), remark, state, message.properties());
        });
        return null;
    }

    private void endTransaction(String address, EndTransactionRequestHeader header, String remark,
                                TransactionState state, Map<String, String> properties) {
        MessageTracer tracer = instance.tracer();
        if (tracer != null && !MessageTracer.switchedOff(properties)) {
            tracer.record(new TraceRecord.EndTransaction(instance.config().clock().millis(),
                    MessageTracer.region(properties), sender.producerGroup(),
                    properties.getOrDefault(PropertyKeys.REAL_TOPIC, header.topic()), header.msgId(),
                    properties.get(PropertyKeys.TAGS), properties.get(PropertyKeys.KEYS), address,
                    TraceMessageType.TRANSACTION_COMMIT,
                    header.transactionId() == null ? header.msgId() : header.transactionId(), switch (state) {
                        case COMMIT -> io.tandem.protocol.trace.TransactionState.COMMIT_MESSAGE;
                        case ROLLBACK -> io.tandem.protocol.trace.TransactionState.ROLLBACK_MESSAGE;
                        case UNKNOWN -> io.tandem.protocol.trace.TransactionState.UNKNOW;
                    }, header.fromTransactionCheck()));
        }
        deliver(address, header, remark, 0);
    }

    /**
     * Sends END_TRANSACTION (oneway) to {@code address}, which may be null when no leader of the half's group is
     * known. When it cannot be delivered (the broker is unreachable, the group has no known leader), the route of
     * the half's topic is looked up again and the request goes to the leader the route now names for the half's
     * broker name: after a failover that is the promoted replica, which holds the half in its replicated log. After
     * {@value #END_ATTEMPTS} attempts it is left to the broker's check-back.
     */
    private void deliver(String address, EndTransactionRequestHeader header, String remark, int attempt) {
        if (address == null) {
            retryDelivery(null, header, remark, attempt, "no leader of broker " + header.brokerName() + " is known");
            return;
        }
        RemotingCommand.Builder request = RemotingCommand.request(RequestCode.END_TRANSACTION)
                .extFields(header.toExtFields());
        if (remark != null) {
            request.remark(remark);
        }
        instance.invokeOneway(address, request.build()).whenComplete((written, failure) -> {
            if (failure != null) {
                retryDelivery(address, header, remark, attempt, Calls.unwrap(failure).toString());
            }
        });
    }

    private void retryDelivery(String failedAddress, EndTransactionRequestHeader header, String remark, int attempt,
                               String reason) {
        if (attempt + 1 >= END_ATTEMPTS || header.topic() == null || header.brokerName() == null
                || instance.isClosed()) {
            LOG.warn("END_TRANSACTION {} of {} to broker {} ({}) was not delivered; the broker will check back: {}",
                    header.commitOrRollback(), header.msgId(), header.brokerName(), failedAddress, reason);
            return;
        }
        LOG.debug("END_TRANSACTION of {} to {} failed ({}); looking up the leader of {} again", header.msgId(),
                failedAddress, reason, header.brokerName());
        instance.refreshRoute(header.topic()).whenComplete((route, lookupFailure) -> {
            String leader = instance.routes().masterAddress(header.brokerName());
            if (leader != null && !leader.equals(failedAddress)) {
                deliver(leader, header, remark, attempt + 1);
            } else {
                instance.schedule("END_TRANSACTION of " + header.msgId(),
                        () -> deliver(instance.routes().masterAddress(header.brokerName()), header, remark,
                                attempt + 1),
                        END_RETRY_DELAY.multipliedBy(attempt + 1L));
            }
        });
    }
}
