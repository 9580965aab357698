package io.tandem.server.message;

import io.tandem.protocol.ResponseCode;
import io.tandem.store.AppendPriority;
import io.tandem.store.AppendResult;
import io.tandem.store.AppendStatus;
import io.tandem.store.MessageStore;
import io.tandem.store.RecordTooLargeException;
import io.tandem.store.StoreClosedException;
import io.tandem.store.StoreFailedException;
import io.tandem.server.message.MessageDraft;
import io.tandem.server.metrics.BrokerMetrics;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Appends drafts to the store and counts them; the one way messages enter the log (sends, send-backs, delayed
 * deliveries, transaction decisions). Thread-safe.
 *
 * <p>A full disk is an outcome, not a failure: {@link #write} and {@link #writeBatch} complete with results of status
 * {@link AppendStatus#DISK_FULL} once the store's disk is past its high-water mark, which the send path answers with
 * {@link #diskFull()}. Writes that complete earlier work ({@link #writeCompletion}) may use the space above the mark;
 * refused only when the disk is out of space, they fail with {@link DiskFullException}.
 */
public final class MessageWriter {

    private final MessageStore store;
    private final BrokerMetrics metrics;

    public MessageWriter(MessageStore store, BrokerMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** Appends a new message; the result may be a refusal ({@link AppendResult#appended()} false). */
    public CompletableFuture<AppendResult> write(MessageDraft draft) {
        return write(draft, AppendPriority.NEW);
    }

    /**
     * Appends a message that completes something already stored (a decision, a committed copy, a due delayed
     * message); fails with {@link DiskFullException} if the store refuses it.
     */
    public CompletableFuture<AppendResult> writeCompletion(MessageDraft draft) {
        return write(draft, AppendPriority.COMPLETION).thenApply(appended -> {
            if (!appended.appended()) {
                throw new DiskFullException(diskFull().remark());
            }
            return appended;
        });
    }

    private CompletableFuture<AppendResult> write(MessageDraft draft, AppendPriority priority) {
        CompletableFuture<AppendResult> result;
        try {
            result = store.append(draft.toAppendRequest(), priority);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return result.thenApply(appended -> {
            if (appended.appended()) {
                metrics.messagesIn(draft.topic(), 1, draft.body().length);
            }
            return appended;
        });
    }

    public CompletableFuture<List<AppendResult>> writeBatch(List<MessageDraft> drafts) {
        CompletableFuture<List<AppendResult>> result;
        try {
            result = store.appendBatch(drafts.stream().map(MessageDraft::toAppendRequest).toList());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return result.thenApply(appended -> {
            if (appended.getFirst().appended()) {
                long bytes = drafts.stream().mapToLong(draft -> draft.body().length).sum();
                metrics.messagesIn(drafts.getFirst().topic(), drafts.size(), bytes);
            }
            return appended;
        });
    }

    /**
     * The answer to a send the store refused for a full disk: {@code SERVICE_NOT_AVAILABLE}, which RocketMQ clients
     * retry on another broker and otherwise report with this remark, naming the disk and how full it is.
     */
    public Failure diskFull() {
        return new Failure(ResponseCode.SERVICE_NOT_AVAILABLE, "the broker's disk is full: "
                + store.diskStatus().describe());
    }

    /** The response code and remark for a failed append. */
    public static Failure describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return switch (cause) {
            case RecordTooLargeException e -> new Failure(ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
            case StoreClosedException e -> new Failure(ResponseCode.SERVICE_NOT_AVAILABLE,
                    "the broker is shutting down: " + e.getMessage());
            case StoreFailedException e -> new Failure(ResponseCode.SERVICE_NOT_AVAILABLE,
                    "the store cannot write: " + e.getMessage());
            case DiskFullException e -> new Failure(ResponseCode.SERVICE_NOT_AVAILABLE, e.getMessage());
            case IllegalArgumentException e -> new Failure(ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
            default -> new Failure(ResponseCode.SYSTEM_ERROR, cause.getClass().getSimpleName() + ": "
                    + cause.getMessage());
        };
    }

    public record Failure(int code, String remark) {
    }
}
