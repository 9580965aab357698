package io.tandem.server.produce;

import io.tandem.protocol.ResponseCode;
import io.tandem.store.AppendResult;
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
 * deliveries). Thread-safe.
 */
public final class MessageWriter {

    private final MessageStore store;
    private final BrokerMetrics metrics;

    public MessageWriter(MessageStore store, BrokerMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    public CompletableFuture<AppendResult> write(MessageDraft draft) {
        CompletableFuture<AppendResult> result;
        try {
            result = store.append(draft.toAppendRequest());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return result.thenApply(appended -> {
            metrics.messagesIn(draft.topic(), 1, draft.body().length);
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
            long bytes = drafts.stream().mapToLong(draft -> draft.body().length).sum();
            metrics.messagesIn(drafts.getFirst().topic(), drafts.size(), bytes);
            return appended;
        });
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
            case IllegalArgumentException e -> new Failure(ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
            default -> new Failure(ResponseCode.SYSTEM_ERROR, cause.getClass().getSimpleName() + ": "
                    + cause.getMessage());
        };
    }

    public record Failure(int code, String remark) {
    }
}
