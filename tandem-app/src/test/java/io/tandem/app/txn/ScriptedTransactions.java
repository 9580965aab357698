package io.tandem.app.txn;

import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.producer.TransactionListener;
import io.tandem.client.producer.TransactionState;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A transaction listener whose local transactions and check answers follow a script, and which records the bodies of
 * the messages it was checked about, in order. Thread-safe.
 */
final class ScriptedTransactions implements TransactionListener {

    private final Function<Message, TransactionState> local;
    private final Function<ReceivedMessage, TransactionState> check;
    private final List<String> checked = new CopyOnWriteArrayList<>();

    ScriptedTransactions(Function<Message, TransactionState> local, Function<ReceivedMessage, TransactionState> check) {
        this.local = local;
        this.check = check;
    }

    /** Local transactions end as {@code local} says; every check is answered {@code answer}. */
    static ScriptedTransactions of(TransactionState local, TransactionState answer) {
        return new ScriptedTransactions(message -> local, message -> answer);
    }

    @Override
    public TransactionState executeLocal(Message message, Object arg) {
        return local.apply(message);
    }

    @Override
    public TransactionState check(ReceivedMessage message) {
        checked.add(message.bodyAsString());
        return check.apply(message);
    }

    /** Bodies of the messages checked so far, one entry per check. */
    List<String> checked() {
        return List.copyOf(checked);
    }
}
