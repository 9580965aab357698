package io.tandem.server.consume;

import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.LockBatchRequestBody;
import io.tandem.protocol.body.LockBatchResponseBody;
import io.tandem.protocol.body.UnlockBatchRequestBody;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;

/** LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42), fact sheet 2.12, over {@link QueueLocks}. */
public final class LockProcessor implements RequestProcessor {

    private final QueueLocks locks;

    public LockProcessor(QueueLocks locks) {
        this.locks = locks;
    }

    @Override
    public void process(RequestContext context) {
        byte[] body = context.request().body();
        if (body.length == 0) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "lock and unlock requests need a JSON body");
            return;
        }
        if (context.request().code() == RequestCode.LOCK_BATCH_MQ) {
            LockBatchRequestBody request = LockBatchRequestBody.fromJson(body);
            var held = locks.lock(request.consumerGroup(), request.clientId(), request.mqSet());
            context.respond(context.request().response(ResponseCode.SUCCESS)
                    .body(new LockBatchResponseBody(held).toJson()));
        } else {
            UnlockBatchRequestBody request = UnlockBatchRequestBody.fromJson(body);
            locks.unlock(request.consumerGroup(), request.clientId(), request.mqSet());
            context.respondSuccess();
        }
    }
}
