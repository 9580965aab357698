package io.tandem.spring.test;

import io.tandem.client.producer.HalfMessage;
import io.tandem.client.producer.TransactionState;
import io.tandem.spring.transaction.MqEndTransactionHook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for transactional sends, a bean of every {@link EmbeddedMqBroker} test context: arm it and the
 * next Spring transactions that sent messages "crash" right after the database committed or rolled back, before
 * END_TRANSACTION reports the outcome. Their half messages stay undecided until the broker checks back, which the
 * starter answers from the transaction log: a committed transaction's messages are delivered, a rolled-back one's
 * are not.
 *
 * <pre>{@code
 * faults.crashBeforeEndTransaction(1);
 * orders.place(order);               // commits, then "crashes"
 * // the broker checks back after its transaction timeout; the message is delivered
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MqTransactionFaults implements MqEndTransactionHook {

    private final AtomicInteger armed = new AtomicInteger();
    private final List<Crash> crashes = new CopyOnWriteArrayList<>();

    /** One crash: the transaction ids whose outcome was not reported, and that outcome. */
    public record Crash(List<String> transactionIds, TransactionState outcome) {
    }

    /** Makes the next {@code transactions} transactions that sent messages crash before END_TRANSACTION. */
    public void crashBeforeEndTransaction(int transactions) {
        if (transactions < 1) {
            throw new IllegalArgumentException("transactions must be at least 1, was " + transactions);
        }
        armed.addAndGet(transactions);
    }

    /** The crashes so far, oldest first. */
    public List<Crash> crashes() {
        return List.copyOf(crashes);
    }

    /** Disarms and forgets the crashes. */
    public void reset() {
        armed.set(0);
        crashes.clear();
    }

    @Override
    public void beforeEndTransaction(List<HalfMessage> halves, TransactionState outcome) {
        if (armed.getAndUpdate(left -> Math.max(left - 1, 0)) > 0) {
            crashes.add(new Crash(halves.stream().map(HalfMessage::transactionId).toList(), outcome));
            throw new SimulatedCrash("crash injected after the database " + (outcome == TransactionState.COMMIT
                    ? "commit" : "rollback") + ", before END_TRANSACTION");
        }
    }

    /** What an armed {@link MqTransactionFaults} throws to stop END_TRANSACTION. */
    public static final class SimulatedCrash extends RuntimeException {

        SimulatedCrash(String message) {
            super(message, null, false, false);
        }
    }
}
