package io.tandem.console.security;

import io.tandem.console.app.AdminConsoleApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console run on its own ({@link AdminConsoleApplication}, no cluster behind it): with logins on it sends a
 * browser to its sign-in page and refuses changes without a session; its default without logins stays on loopback.
 */
class StandaloneConsoleLoginTest {

    @TempDir
    Path directory;

    private ConfigurableApplicationContext console;

    @AfterEach
    void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void shouldAskForALoginAndRefuseChangesWithoutASession() throws Exception {
        console = start("--tandem.security.enabled=true", "--tandem.security.users[0].name=ada",
                "--tandem.security.users[0].password={noop}ada-secret", "--tandem.security.users[0].roles=admin");
        String base = "http://127.0.0.1:" + console.getEnvironment().getRequiredProperty("local.server.port");
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> overview = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(overview.statusCode()).isEqualTo(302);
        assertThat(overview.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/login"));

        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("id=\"login-form\"").contains("name=\"_csrf\"");

        HttpResponse<String> create = http.send(HttpRequest.newBuilder(URI.create(base + "/topics"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=sneaky")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(create.statusCode()).isEqualTo(403);
    }

    @Test
    void shouldRefuseToStartWithoutLoginsOnEveryInterface() {
        assertThatThrownBy(() -> start("--server.address=0.0.0.0"))
                .hasStackTraceContaining("tandem.security.enabled=false with the console listening on 0.0.0.0");
    }

    private ConfigurableApplicationContext start(String... extra) {
        String[] common = {"--server.port=0", "--tandem.console.name-servers=127.0.0.1:1",
                "--tandem.console.sample-interval=1h", "--tandem.console.history=2h",
                "--tandem.console.audit-file=" + directory.resolve("audit.jsonl")};
        String[] args = new String[common.length + extra.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(extra, 0, args, common.length, extra.length);
        return new SpringApplicationBuilder(AdminConsoleApplication.class)
                .properties(AdminConsoleApplication.CONFIG_NAMES).run(args);
    }
}
