package io.tandem.bench.e2e.broker;

import java.time.Duration;
import java.util.List;

/**
 * A broker the harness started, in one or more JVMs of its own, listening on loopback only. {@link #close()} stops
 * every process (SIGTERM first) and deletes nothing: the caller owns the directory.
 */
public interface BrokerProcess extends AutoCloseable {

    /** What clients connect to: a name-server address (Tandem, RocketMQ) or bootstrap servers (Kafka). */
    String endpoint();

    /** Product and version, e.g. "Apache RocketMQ 5.3.3". */
    String software();

    /** The broker settings that matter to a reader of the results, e.g. "flushDiskType=SYNC_FLUSH". */
    String settings();

    /** The java executable and its version, e.g. "/usr/lib/jvm/.../bin/java (25.0.3)". */
    String java();

    /** From launching the first process until every listener accepted connections. */
    Duration startTime();

    /** Whether every process of the broker is still running. */
    boolean isAlive();

    /** Log files of the processes, for error messages. */
    List<JvmProcess> processes();

    /** Stops every process, last started first; idempotent. */
    List<JvmProcess.StopReport> stop();

    @Override
    default void close() {
        stop();
    }
}
