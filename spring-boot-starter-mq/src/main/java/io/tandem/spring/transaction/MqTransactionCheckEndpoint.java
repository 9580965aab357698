package io.tandem.spring.transaction;

import io.tandem.client.producer.TransactionState;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.util.Map;
import java.util.Objects;

/**
 * The HTTP check endpoint a Tandem coordinator asks when no producer of the group is connected to the broker:
 * {@code GET <path>?transactionId=..&topic=..&keys=..&producerGroup=..} answers
 * {@code {"state":"COMMIT"|"ROLLBACK"|"UNKNOWN"}} through {@link MqTransactionChecks#checkByHttp}. A request without
 * {@code transactionId} gets 400 naming it; one for another producer group gets 404, so a misrouted coordinator
 * learns nothing wrong. Before any of that, {@link MqCheckEndpointAuthentication} decides whether the request is
 * answered at all: a refused one gets 401 with an empty body.
 */
public final class MqTransactionCheckEndpoint {

    private final MqTransactionChecks checks;
    private final String producerGroup;
    private final MqCheckEndpointAuthentication authentication;

    public MqTransactionCheckEndpoint(MqTransactionChecks checks, String producerGroup,
                                      MqCheckEndpointAuthentication authentication) {
        this.checks = Objects.requireNonNull(checks, "checks");
        this.producerGroup = Objects.requireNonNull(producerGroup, "producerGroup");
        this.authentication = Objects.requireNonNull(authentication, "authentication");
    }

    /** The route at {@code path}. */
    public RouterFunction<ServerResponse> route(String path) {
        return RouterFunctions.route().GET(path, this::check).filter(authentication).build();
    }

    private ServerResponse check(ServerRequest request) {
        String transactionId = request.param("transactionId").filter(id -> !id.isBlank()).orElse(null);
        if (transactionId == null) {
            return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", "the query parameter transactionId is missing"));
        }
        String group = request.param("producerGroup").orElse(null);
        if (group != null && !group.equals(producerGroup)) {
            return ServerResponse.status(404).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", "this application is producer group '" + producerGroup + "', not '" + group
                            + "'"));
        }
        TransactionState state = checks.checkByHttp(transactionId, request.param("topic").orElse(null),
                MqTransactionChecks.keys(request.param("keys").orElse(null)), producerGroup);
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("state", state.name()));
    }
}
