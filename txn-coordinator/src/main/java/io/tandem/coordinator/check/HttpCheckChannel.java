package io.tandem.coordinator.check;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.tandem.coordinator.config.CoordinatorProperties;
import io.tandem.coordinator.record.CheckAnswer;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.protocol.txn.CheckRequestSignature;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The HTTP check channel: asks a producer service whether a transaction committed, for when no producer of the
 * group is connected to the broker (every instance restarted, scaled to zero or moved).
 *
 * <p>The contract with the producer service: {@code GET <endpoint>?transactionId=..&topic=..&keys=..&producerGroup=..}
 * (keys omitted when the message has none) answers 200 with {@code {"state":"COMMIT"|"ROLLBACK"|"UNKNOWN"}}. The
 * endpoint is the group's {@code check-url}, or {@code check-path} on an instance that Spring Cloud's
 * {@link DiscoveryClient} lists for the group's {@code service-id} (successive attempts go to successive
 * instances).
 *
 * <p>When the group has a secret ({@code producers.<group>.secret}, else {@code http.secret}), every request carries
 * the {@link CheckRequestSignature} headers, signed with it at the moment the request is sent (coordinator clock: the
 * producer refuses a timestamp too far from its own). A refusal (401) is an HTTP status failure like any other
 * non-2xx answer. The signature covers the path and query first asked, so the configured URL must be the one that
 * answers: a redirect elsewhere is refused by a producer that verifies.
 *
 * <p>Each request goes through the group's circuit breaker and the retry of {@link CheckResilience}; waits between
 * retries are scheduled, not slept. No request starts after the caller's deadline (the end of the half's lease less
 * a margin), and none is allowed to run past it.
 *
 * <p>Thread-safe. Failure modes: none thrown; every outcome is an {@link HttpCheckResult}.
 */
public final class HttpCheckChannel implements AutoCloseable {

    private final CoordinatorProperties properties;
    private final DiscoveryClient discovery;
    private final CheckResilience resilience;
    private final HttpClient client;
    private final JsonMapper json = JsonMapper.builder().build();
    private final ScheduledExecutorService retryScheduler;
    private final Clock clock;

    /**
     * @param discovery the application's discovery client, or null when it has none (service ids then find no
     *                  endpoint)
     */
    public HttpCheckChannel(CoordinatorProperties properties, DiscoveryClient discovery, CheckResilience resilience,
                            Clock clock) {
        this.properties = properties;
        this.discovery = discovery;
        this.resilience = resilience;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.http().timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.retryScheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("tandem-check-retry").daemon(true).factory());
    }

    /** Whether the group has an HTTP check endpoint configured (a URL or a service id). */
    public boolean configured(String producerGroup) {
        CoordinatorProperties.ProducerGroup group = properties.producer(producerGroup);
        return group.checkUrl() != null || group.serviceId() != null;
    }

    /**
     * Asks the group's endpoint about the half.
     *
     * @param deadlineMs no request starts or runs after this time (coordinator clock)
     */
    public HttpCheckResult check(HalfRecord half, long deadlineMs) {
        long startedMs = clock.millis();
        CoordinatorProperties.ProducerGroup group = properties.producer(half.producerGroup());
        List<URI> endpoints = endpoints(group);
        if (endpoints.isEmpty()) {
            String target = group.serviceId() == null ? null : "service " + group.serviceId();
            return new HttpCheckResult(CheckAnswer.NO_ENDPOINT, target, discovery == null
                    ? "no DiscoveryClient in the application" : "discovery lists no instance", 0);
        }
        String secret = properties.checkSecret(half.producerGroup());
        CircuitBreaker breaker = resilience.breaker(half.producerGroup());
        Retry retry = resilience.httpRetry();
        AtomicInteger next = new AtomicInteger(ThreadLocalRandom.current().nextInt(endpoints.size()));
        AtomicReference<URI> asked = new AtomicReference<>(endpoints.getFirst());
        Supplier<CompletionStage<CheckAnswer>> attempt = () -> {
            URI target = request(endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size())), half);
            asked.set(target);
            return send(target, secret, deadlineMs);
        };
        CompletableFuture<CheckAnswer> outcome = retry.executeCompletionStage(retryScheduler,
                breaker.decorateCompletionStage(attempt)).toCompletableFuture();
        try {
            CheckAnswer answer = outcome.get();
            return new HttpCheckResult(answer, asked.get().toString(), null, clock.millis() - startedMs);
        } catch (InterruptedException e) {
            outcome.cancel(true);
            Thread.currentThread().interrupt();
            return new HttpCheckResult(CheckAnswer.FAILED, asked.get().toString(), "interrupted",
                    clock.millis() - startedMs);
        } catch (ExecutionException e) {
            Throwable cause = CheckResilience.unwrap(e.getCause());
            CheckAnswer answer = cause instanceof CallNotPermittedException ? CheckAnswer.REJECTED : CheckAnswer.FAILED;
            String error = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return new HttpCheckResult(answer, asked.get().toString(), error, clock.millis() - startedMs);
        }
    }

    @Override
    public void close() {
        retryScheduler.shutdownNow();
        client.shutdownNow();
    }

    private CompletionStage<CheckAnswer> send(URI target, String secret, long deadlineMs) {
        long remainingMs = deadlineMs - clock.millis();
        if (remainingMs <= 0) {
            return CompletableFuture.failedFuture(new LeaseDeadlineException("the half's lease ends before "
                    + target + " could be asked"));
        }
        Duration timeout = properties.http().timeout();
        if (timeout.toMillis() > remainingMs) {
            timeout = Duration.ofMillis(remainingMs);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        if (secret != null) {
            long timestampMs = clock.millis();
            request.header(CheckRequestSignature.TIMESTAMP_HEADER, Long.toString(timestampMs))
                    .header(CheckRequestSignature.SIGNATURE_HEADER, CheckRequestSignature.sign(secret, "GET",
                            target.getRawPath(), target.getRawQuery(), null, timestampMs));
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> answer(target, response));
    }

    private CheckAnswer answer(URI target, HttpResponse<byte[]> response) {
        if (response.statusCode() / 100 != 2) {
            throw new CompletionException(new HttpStatusException(target.toString(), response.statusCode()));
        }
        String state;
        try {
            JsonNode body = json.readTree(response.body());
            JsonNode field = body == null ? null : body.get("state");
            state = field == null || !field.isString() ? null : field.asString();
        } catch (JacksonException e) {
            state = null;
        }
        if (state != null) {
            switch (state.strip().toUpperCase(java.util.Locale.ROOT)) {
                case "COMMIT" -> {
                    return CheckAnswer.COMMIT;
                }
                case "ROLLBACK" -> {
                    return CheckAnswer.ROLLBACK;
                }
                case "UNKNOWN" -> {
                    return CheckAnswer.UNKNOWN;
                }
                default -> {
                }
            }
        }
        throw new CompletionException(new UnreadableAnswerException(target + " answered "
                + new String(response.body(), 0, Math.min(response.body().length, 200), StandardCharsets.UTF_8)
                + " instead of {\"state\":\"COMMIT\"|\"ROLLBACK\"|\"UNKNOWN\"}"));
    }

    private List<URI> endpoints(CoordinatorProperties.ProducerGroup group) {
        if (group.checkUrl() != null) {
            return List.of(URI.create(group.checkUrl()));
        }
        if (group.serviceId() == null || discovery == null) {
            return List.of();
        }
        String path = group.checkPath() != null ? group.checkPath() : properties.http().checkPath();
        return discovery.getInstances(group.serviceId()).stream()
                .map(ServiceInstance::getUri)
                .map(uri -> uri.resolve(path))
                .toList();
    }

    private static URI request(URI endpoint, HalfRecord half) {
        StringBuilder query = new StringBuilder();
        parameter(query, "transactionId", half.transactionId());
        parameter(query, "topic", half.topic());
        parameter(query, "keys", half.messageKeys());
        parameter(query, "producerGroup", half.producerGroup());
        String base = endpoint.toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }

    private static void parameter(StringBuilder query, String name, String value) {
        if (value == null) {
            return;
        }
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
