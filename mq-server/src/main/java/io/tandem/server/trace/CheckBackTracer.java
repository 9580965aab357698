package io.tandem.server.trace;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CheckTransactionStateRequestHeader;
import io.tandem.protocol.header.EndTransactionRequestHeader;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.trace.CheckBackAnswer;
import io.tandem.protocol.trace.TraceRecord;
import io.tandem.server.consume.ClientRegistry;
import io.tandem.server.remoting.ClientConnection;
import io.tandem.server.remoting.RequestObserver;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records each check-back of a half message: sees CHECK_TRANSACTION_STATE leave for a producer connection and the
 * END_TRANSACTION that answers it ({@code fromTransactionCheck}), and hands the recorder one
 * {@link TraceRecord.CheckBack} with who was asked, what it answered and how long that took. A check not answered
 * before the next check of the same message, or within {@link #ANSWER_WAIT}, is recorded as
 * {@link CheckBackAnswer#NO_ANSWER}.
 *
 * <p>Design note: it watches the wire (a {@link RequestObserver}) rather than the transaction service, so the
 * check-back code stays as it is and the record shows what the producer was really sent and really answered.
 * Thread-safe; called on network threads, so it only parses headers and queues records.
 */
public final class CheckBackTracer implements RequestObserver {

    /** How long an unanswered check waits for its answer before it is recorded without one. */
    static final Duration ANSWER_WAIT = Duration.ofMinutes(5);
    /** Unanswered checks remembered at most; more are recorded at once without an answer. */
    private static final int MAX_WAITING = 10_000;

    private record Sent(long atMs, String producerGroup, int checkNumber, String clientId, String clientAddr) {
    }

    private final BrokerTraceRecorder recorder;
    private final ClientRegistry clients;
    private final String brokerName;
    private final Clock clock;
    private final Map<String, Sent> waiting = new ConcurrentHashMap<>();

    public CheckBackTracer(BrokerTraceRecorder recorder, ClientRegistry clients, String brokerName, Clock clock) {
        this.recorder = recorder;
        this.clients = clients;
        this.brokerName = brokerName;
        this.clock = clock;
    }

    @Override
    public void sent(ClientConnection to, RemotingCommand request) {
        if (request.code() != RequestCode.CHECK_TRANSACTION_STATE || !recorder.enabled()) {
            return;
        }
        long now = clock.millis();
        String msgId;
        String producerGroup = null;
        int checkNumber = 0;
        try {
            msgId = CheckTransactionStateRequestHeader.from(request).msgId();
            List<MessageRecord> half = MessageCodec.decodeAll(request.body());
            if (!half.isEmpty()) {
                producerGroup = half.getFirst().property(PropertyKeys.PGROUP);
                String times = half.getFirst().property(PropertyKeys.TRANSACTION_CHECK_TIMES);
                checkNumber = times == null ? 0 : Integer.parseInt(times.strip());
            }
        } catch (ProtocolException | IllegalArgumentException e) {
            return;
        }
        if (msgId == null) {
            return;
        }
        expire(now);
        Sent sent = new Sent(now, producerGroup, checkNumber, clientId(producerGroup, to), to.remoteAddress());
        if (waiting.size() >= MAX_WAITING) {
            unanswered(msgId, sent);
            return;
        }
        Sent previous = waiting.put(msgId, sent);
        if (previous != null) {
            unanswered(msgId, previous);
        }
    }

    @Override
    public void received(ClientConnection from, RemotingCommand request) {
        if (request.code() != RequestCode.END_TRANSACTION || waiting.isEmpty()) {
            return;
        }
        EndTransactionRequestHeader header;
        try {
            header = EndTransactionRequestHeader.from(request);
        } catch (ProtocolException e) {
            return;
        }
        if (!header.fromTransactionCheck() || header.msgId() == null) {
            return;
        }
        Sent sent = waiting.remove(header.msgId());
        if (sent == null) {
            return;
        }
        CheckBackAnswer answer = switch (header.commitOrRollback()) {
            case COMMIT -> CheckBackAnswer.COMMIT;
            case ROLLBACK -> CheckBackAnswer.ROLLBACK;
            case UNKNOWN -> CheckBackAnswer.UNKNOWN;
        };
        recorder.record(new TraceRecord.CheckBack(sent.atMs(), brokerName, sent.producerGroup(), header.msgId(),
                sent.checkNumber(), sent.clientId(), sent.clientAddr(), answer,
                Math.max(0, clock.millis() - sent.atMs())));
    }

    private void expire(long now) {
        long cutoff = now - ANSWER_WAIT.toMillis();
        waiting.forEach((msgId, sent) -> {
            if (sent.atMs() < cutoff && waiting.remove(msgId, sent)) {
                unanswered(msgId, sent);
            }
        });
    }

    private void unanswered(String msgId, Sent sent) {
        recorder.record(new TraceRecord.CheckBack(sent.atMs(), brokerName, sent.producerGroup(), msgId,
                sent.checkNumber(), sent.clientId(), sent.clientAddr(), CheckBackAnswer.NO_ANSWER, -1));
    }

    private String clientId(String producerGroup, ClientConnection connection) {
        if (producerGroup == null) {
            return null;
        }
        for (ClientRegistry.Member member : clients.producers(producerGroup)) {
            if (member.connection() == connection) {
                return member.clientId();
            }
        }
        return null;
    }
}
