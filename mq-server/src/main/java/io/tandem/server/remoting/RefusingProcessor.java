package io.tandem.server.remoting;

import io.tandem.protocol.ResponseCode;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs a processor only while {@code refusal} says nothing against it; otherwise answers
 * {@code SERVICE_NOT_AVAILABLE} with the refusal as remark (nothing for a oneway request). A replicated group's
 * member that does not lead uses it for the requests that would write to its log, which only its leader may do.
 * Thread-safe as the supplier is.
 */
public final class RefusingProcessor implements RequestProcessor {

    private final RequestProcessor delegate;
    private final Supplier<String> refusal;

    /** @param refusal why requests are refused now, or null while they are served */
    public RefusingProcessor(RequestProcessor delegate, Supplier<String> refusal) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    @Override
    public void process(RequestContext context) throws Exception {
        String reason = refusal.get();
        if (reason != null) {
            context.respondError(ResponseCode.SERVICE_NOT_AVAILABLE, reason);
            return;
        }
        delegate.process(context);
    }
}
