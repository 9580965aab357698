package io.tandem.server.admin;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.PropertiesText;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The broker as a whole: GET_BROKER_RUNTIME_INFO (28, figures for {@code mqadmin brokerStatus} and
 * {@code clusterList}), GET_BROKER_CONFIG (26, the settings as properties text) and UPDATE_BROKER_CONFIG (25, the
 * settings that may change at runtime; others are refused with NO_PERMISSION, unknown ones with INVALID_PARAMETER).
 * Reads the file system for disk use: runs off the event loop.
 */
public final class BrokerInfoProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerInfoProcessor.class);

    private final BrokerRuntimeInfo runtimeInfo;
    private final BrokerSettings settings;

    public BrokerInfoProcessor(BrokerRuntimeInfo runtimeInfo, BrokerSettings settings) {
        this.runtimeInfo = runtimeInfo;
        this.settings = settings;
    }

    @Override
    public void process(RequestContext context) {
        switch (context.request().code()) {
            case RequestCode.GET_BROKER_RUNTIME_INFO -> context.respond(context.request()
                    .response(ResponseCode.SUCCESS).body(runtimeInfo.table().toJson()));
            case RequestCode.GET_BROKER_CONFIG -> context.respond(context.request()
                    .response(ResponseCode.SUCCESS).body(PropertiesText.encode(settings.current())));
            case RequestCode.UPDATE_BROKER_CONFIG -> update(context);
            default -> throw new IllegalStateException("not a broker information request: "
                    + context.request().code());
        }
    }

    private void update(RequestContext context) {
        byte[] body = context.request().body();
        if (body == null || body.length == 0) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "the request needs the settings to change as body "
                    + "(key=value lines)");
            return;
        }
        Map<String, String> updates;
        try {
            updates = PropertiesText.decode(body);
        } catch (ProtocolException e) {
            context.respondError(ResponseCode.INVALID_PARAMETER, e.getMessage());
            return;
        }
        BrokerSettings.Refusal refusal = settings.update(updates);
        if (refusal != null) {
            context.respondError(refusal.kind() == BrokerSettings.Refusal.Kind.FIXED
                    ? ResponseCode.NO_PERMISSION : ResponseCode.INVALID_PARAMETER, refusal.message());
            return;
        }
        LOG.info("broker settings changed by {}: {}", context.connection(), updates);
        context.respondSuccess();
    }
}
