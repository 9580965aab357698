package io.tandem.app.txn;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The coordinator's operator API ({@code /tandem/coordinator/halves}) as an operator's script calls it. */
final class OperatorApi implements AutoCloseable {

    /** An answer: its HTTP status and its JSON body. */
    record Answer(int status, JsonNode body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String BASE_PATH = "/tandem/coordinator/halves";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final int port;

    OperatorApi(int port) {
        this.port = port;
    }

    /** {@code GET /tandem/coordinator/halves?state=..&producerGroup=..}: the halves, oldest first. */
    JsonNode halves(String state, String producerGroup) {
        Answer answer = send(HttpRequest.newBuilder(uri(BASE_PATH + "?state=" + state + "&producerGroup="
                + producerGroup)).GET());
        if (answer.status() != 200) {
            throw new AssertionError("listing halves answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    /** {@code POST /tandem/coordinator/halves/{id}/commit} (or rollback, resume) by {@code operator}. */
    Answer act(long id, String action, String operator, String reason) {
        String body = JSON.createObjectNode().put("operator", operator).put("reason", reason).toString();
        return send(HttpRequest.newBuilder(uri(BASE_PATH + "/" + id + "/" + action))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Override
    public void close() {
        http.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while calling the operator API", e);
        }
    }
}
