package io.tandem.spring.transaction;

import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;

/**
 * The Spring transaction the calling thread runs in, as the starter's sends see it. Only call {@link #current} where
 * spring-tx is on the class path.
 */
public enum CallerTransaction {

    /** No Spring transaction runs on the calling thread. */
    NONE,
    /** A Spring transaction that holds the transaction log's DataSource: a send can take part in it. */
    JOINABLE,
    /** A Spring transaction on other resources only: a send cannot follow its outcome. */
    FOREIGN;

    /**
     * The calling thread's transaction, relative to {@code logDataSource}.
     *
     * @param logDataSource the transaction log's DataSource, or null when the application has no log
     */
    public static CallerTransaction current(DataSource logDataSource) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return NONE;
        }
        return logDataSource != null && TransactionSynchronizationManager.hasResource(logDataSource) ? JOINABLE
                : FOREIGN;
    }

    /** The name of the calling thread's transaction, or {@code "unnamed"}. */
    public static String currentName() {
        String name = TransactionSynchronizationManager.getCurrentTransactionName();
        return name == null ? "unnamed" : name;
    }
}
