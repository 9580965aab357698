package io.tandem.store.engine;

import io.tandem.store.index.DispatchDuty;
import io.tandem.store.index.Indexes;
import io.tandem.store.log.CommitLog;
import io.tandem.store.recovery.Checkpoint;

import java.io.IOException;

/**
 * Periodically flushes the derived data and records in the checkpoint how far the log is durable and the
 * derived data complete, so that recovery verifies and replays only what came after.
 */
final class CheckpointDuty {

    private final CommitLog log;
    private final Indexes indexes;
    private final DispatchDuty dispatch;
    private final Checkpoint checkpoint;

    CheckpointDuty(CommitLog log, Indexes indexes, DispatchDuty dispatch, Checkpoint checkpoint) {
        this.log = log;
        this.indexes = indexes;
        this.dispatch = dispatch;
        this.checkpoint = checkpoint;
    }

    /** Writes a checkpoint; {@code clean} marks an orderly shutdown. */
    synchronized void run(boolean clean) throws IOException {
        long durable = log.durablePosition();
        long dispatched = dispatch.dispatchedPosition();
        indexes.flush();
        checkpoint.write(clean, durable, dispatched, log.minPosition());
    }
}
