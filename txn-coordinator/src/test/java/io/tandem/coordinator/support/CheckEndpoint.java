package io.tandem.coordinator.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.protocol.txn.CheckRequestSignature;
import io.tandem.protocol.txn.CheckRequestSignature.Verdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A producer service's HTTP check endpoint on the JDK's HTTP server: {@code GET /check?transactionId=..} answers
 * what the script gives for the request's parameters ({@link Reply}). Records every request and whether two
 * requests about the same transaction ever overlapped. Once {@linkplain #requiringSignature told to}, it verifies
 * each request's {@link CheckRequestSignature} as a producer does and answers 401 to any other.
 */
public final class CheckEndpoint implements AutoCloseable {

    /** What to answer: a status and a body, after an optional delay. */
    public record Reply(int status, String body, long delayMs) {

        public static Reply state(String state) {
            return new Reply(200, "{\"state\":\"" + state + "\"}", 0);
        }

        public Reply after(long delayMs) {
            return new Reply(status, body, delayMs);
        }
    }

    private final HttpServer server;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger maxOverlap = new AtomicInteger();
    private final List<Verdict> verdicts = new CopyOnWriteArrayList<>();
    private volatile Function<Map<String, String>, Reply> script = query -> Reply.state("UNKNOWN");
    private volatile List<String> secrets = List.of();

    public CheckEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** The base URL, such as {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public CheckEndpoint answering(Function<Map<String, String>, Reply> newScript) {
        this.script = newScript;
        return this;
    }

    /** Verifies every request against these secrets from now on; 401 for any not {@link Verdict#VALID}. */
    public CheckEndpoint requiringSignature(String... accepted) {
        this.secrets = List.of(accepted);
        return this;
    }

    /** The verdict on each request since {@link #requiringSignature}, in arrival order. */
    public List<Verdict> verdicts() {
        return List.copyOf(verdicts);
    }

    /** Every request's query parameters (plus {@code path}), in arrival order. */
    public List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    public List<Map<String, String>> requestsFor(String transactionId) {
        return requests.stream().filter(query -> transactionId.equals(query.get("transactionId"))).toList();
    }

    /** The most requests about one transaction that were ever in progress at once. */
    public int maxOverlap() {
        return maxOverlap.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        List<String> accepted = secrets;
        if (!accepted.isEmpty()) {
            Verdict verdict = CheckRequestSignature.verify(accepted, exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestBody().readAllBytes(),
                    exchange.getRequestHeaders().getFirst(CheckRequestSignature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(CheckRequestSignature.SIGNATURE_HEADER),
                    System.currentTimeMillis(), 60_000);
            verdicts.add(verdict);
            if (verdict != Verdict.VALID) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
        }
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        query.put("path", exchange.getRequestURI().getPath());
        requests.add(query);
        AtomicInteger running = inFlight.computeIfAbsent(String.valueOf(query.get("transactionId")),
                key -> new AtomicInteger());
        maxOverlap.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            Reply reply = script.apply(query);
            if (reply.delayMs() > 0) {
                Thread.sleep(reply.delayMs());
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
            exchange.close();
        }
    }

    private static Map<String, String> parse(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }
}
