package io.tandem.coordinator.security;

import io.tandem.coordinator.support.CoordinatorTestApplication;
import io.tandem.coordinator.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's HTTP port with logins on, over a real server: who may read, who may act, what stays open.
 */
@SpringBootTest(classes = CoordinatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.address=127.0.0.1",
                "management.endpoints.web.exposure.include=health,info,metrics",
                "tandem.security.users[0].name=vera",
                "tandem.security.users[0].password={noop}vera-secret",
                "tandem.security.users[0].roles=viewer",
                "tandem.security.users[1].name=otto",
                "tandem.security.users[1].password={bcrypt}$2a$10$fjLBP0ud/dxzXASkDX8wyui9LQjAEvgE3NaRkSIKJmT.vyKpyYL/.",
                "tandem.security.users[1].roles=operator",
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HttpSecurityTest {

    private static final String HALVES = "/tandem/coordinator/halves";

    private static TestBroker broker;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        broker = TestBroker.start();
        registry.add("tandem.coordinator.brokers", broker::address);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:security-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theApiRefusesAnonymousCallers() throws Exception {
        HttpResponse<String> response = send(get(HALVES), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Basic"));
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        assertThat(send(get(HALVES), basic("vera", "not-her-secret")).statusCode()).isEqualTo(401);
    }

    @Test
    void aViewerReadsButMayNotAct() throws Exception {
        assertThat(send(get(HALVES), basic("vera", "vera-secret")).statusCode()).isEqualTo(200);

        HttpResponse<String> commit = send(post(HALVES + "/1/commit", "{\"reason\":\"paid\"}"),
                basic("vera", "vera-secret"));

        assertThat(commit.statusCode()).isEqualTo(403);
    }

    @Test
    void anOperatorMustGiveAReason() throws Exception {
        for (String action : new String[]{"commit", "rollback", "resume"}) {
            HttpResponse<String> blank = send(post(HALVES + "/1/" + action, "{\"reason\":\"  \"}"),
                    basic("otto", "otto-secret"));
            HttpResponse<String> missing = send(post(HALVES + "/1/" + action, "{}"), basic("otto", "otto-secret"));

            assertThat(blank.statusCode()).as(action + ": " + blank.body()).isEqualTo(400);
            assertThat(blank.body()).contains("reason is required");
            assertThat(missing.statusCode()).as(action + ": " + missing.body()).isEqualTo(400);
        }
    }

    @Test
    void anOperatorWithAReasonActs() throws Exception {
        HttpResponse<String> commit = send(post(HALVES + "/424242/commit", "{\"reason\":\"paid by wire\"}"),
                basic("otto", "otto-secret"));

        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(404);
        assertThat(commit.body()).contains("NOT_FOUND");
    }

    @Test
    void healthIsOpenAndOtherActuatorEndpointsAreNot() throws Exception {
        assertThat(send(get("/actuator/health"), null).statusCode()).isIn(200, 503);
        assertThat(send(get("/actuator/metrics"), null).statusCode()).isEqualTo(401);
        assertThat(send(get("/actuator/info"), null).statusCode()).isEqualTo(401);
        assertThat(send(get("/actuator/metrics"), basic("vera", "vera-secret")).statusCode()).isEqualTo(200);
    }

    @Test
    void pagesAskABrowserToSignIn() throws Exception {
        HttpResponse<String> page = send(get("/").header("Accept", "text/html"), null);

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String authorization) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
