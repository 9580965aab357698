package io.tandem.console.coordinator;

import io.tandem.console.cluster.ClusterEndpoints;
import io.tandem.console.cluster.CoordinatorCredentials;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Reads and acts on the transaction coordinator's record through its HTTP API
 * ({@code /tandem/coordinator/halves}, see txn-coordinator's README), signed in with the endpoints' coordinator
 * account (HTTP Basic) when there is one. An operator action names the console's signed-in user as the operator,
 * which the coordinator records when the account may act on behalf of others. Thread-safe.
 *
 * <p>Failures are {@link CoordinatorException}s naming the request and what went wrong; operator actions the
 * coordinator refused (already decided, not parked, invalid) are not failures but {@link OperatorOutcome}s.
 */
public final class CoordinatorClient {

    static final String BASE_PATH = "/tandem/coordinator/halves";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final ClusterEndpoints endpoints;
    private final HttpClient http;
    private final Duration timeout;

    public CoordinatorClient(ClusterEndpoints endpoints, Duration timeout) {
        this.endpoints = endpoints;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Whether a coordinator is configured. */
    public boolean available() {
        return endpoints.coordinatorUrl().isPresent();
    }

    /** Counts of undecided halves. */
    public HalfStatistics statistics() {
        return read(get("/statistics"), HalfStatistics.class);
    }

    /** Halves matching {@code filter}, oldest first. */
    public List<HalfSummary> halves(HalfFilter filter) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("state", filter.state());
        query.put("producerGroup", filter.producerGroup());
        query.put("topic", filter.topic());
        query.put("transactionId", filter.transactionId());
        query.put("limit", Integer.toString(filter.limit()));
        return Arrays.asList(read(get(queryString(query)), HalfSummary[].class));
    }

    /** One half's whole record, or empty when the coordinator has no such half. */
    public Optional<HalfDetail> half(long id) {
        HttpResponse<String> response = get("/" + id);
        refusedLogin(response);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(response, HalfDetail.class));
    }

    /** Forces a commit; {@code reason} is required by the coordinator. */
    public OperatorOutcome commit(long id, String operator, String reason) {
        return act(id, "commit", operator, reason);
    }

    /** Forces a rollback; {@code reason} is required by the coordinator. */
    public OperatorOutcome rollback(long id, String operator, String reason) {
        return act(id, "rollback", operator, reason);
    }

    /** Resumes the checks of a parked half. */
    public OperatorOutcome resume(long id, String operator, String reason) {
        return act(id, "resume", operator, reason);
    }

    private OperatorOutcome act(long id, String action, String operator, String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("operator", operator);
        body.put("reason", reason);
        HttpResponse<String> response = send(signedIn(HttpRequest.newBuilder(uri("/" + id + "/" + action)))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build());
        refusedLogin(response);
        if (response.body() == null || response.body().isBlank()) {
            throw new CoordinatorException(action + " of half " + id + " answered " + response.statusCode()
                    + " without a body");
        }
        return parse(response, OperatorOutcome.class);
    }

    private HttpResponse<String> get(String path) {
        return send(signedIn(HttpRequest.newBuilder(uri(path))).timeout(timeout).header("Accept", "application/json")
                .GET().build());
    }

    private HttpRequest.Builder signedIn(HttpRequest.Builder request) {
        endpoints.coordinatorCredentials().ifPresent(credentials -> request.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((credentials.username() + ":" + credentials.password())
                .getBytes(StandardCharsets.UTF_8))));
        return request;
    }

    /** A 401 or 403 names the account, so that the operator knows which setting to fix. */
    private void refusedLogin(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status != 401 && status != 403) {
            return;
        }
        String account = endpoints.coordinatorCredentials().map(CoordinatorCredentials::username).orElse(null);
        throw new CoordinatorException(response.request().method() + " " + response.request().uri() + " answered "
                + status + (account == null
                ? ": the coordinator asks for a login; set tandem.console.coordinator-username and -password"
                : status == 401 ? ": the coordinator refused the console's account '" + account + "' (wrong name or "
                + "password in tandem.console.coordinator-username and -password)"
                : ": the console's account '" + account + "' lacks the role this needs at the coordinator "
                + "(operator)"));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CoordinatorException("the coordinator at " + request.uri() + " could not be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorException("interrupted while asking the coordinator", e);
        }
    }

    private URI uri(String path) {
        URI base = endpoints.coordinatorUrl().orElseThrow(() -> new CoordinatorException(
                "no transaction coordinator is configured (tandem.console.coordinator-url)"));
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        return URI.create(root + BASE_PATH + path);
    }

    private <T> T read(HttpResponse<String> response, Class<T> type) {
        refusedLogin(response);
        if (response.statusCode() != 200) {
            throw new CoordinatorException(response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode());
        }
        return parse(response, type);
    }

    private static <T> T parse(HttpResponse<String> response, Class<T> type) {
        try {
            return JSON.readValue(response.body(), type);
        } catch (JacksonException e) {
            throw new CoordinatorException("the coordinator's answer to " + response.request().uri()
                    + " is not what its API documents: " + e.getOriginalMessage(), e);
        }
    }

    private static String queryString(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "");
        parameters.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }
}
