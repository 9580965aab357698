package io.tandem.spring.transaction;

import io.tandem.client.producer.HalfMessage;
import io.tandem.client.producer.TransactionState;

import java.util.List;

/**
 * Called after a Spring transaction that sent messages completed and before its outcome is reported to the broker
 * with END_TRANSACTION. Throwing stops the report, as a crash of the process at that moment would: the halves then
 * stay undecided until the broker checks back, and the check is answered from the transaction log.
 *
 * <p>Internal: the seam through which the test artifact's {@code MqTransactionFaults} (in
 * {@code tandem-spring-boot-starter-test}) injects crashes; not meant for application code, and it may change without
 * notice.
 */
@FunctionalInterface
public interface MqEndTransactionHook {

    /**
     * @param halves  the half messages the transaction sent, in send order
     * @param outcome COMMIT after the database committed, ROLLBACK after it rolled back
     */
    void beforeEndTransaction(List<HalfMessage> halves, TransactionState outcome);
}
