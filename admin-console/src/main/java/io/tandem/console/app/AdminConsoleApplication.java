package io.tandem.console.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The console on its own, against a cluster running elsewhere: {@code tandem.console.name-servers} names the name
 * servers, {@code tandem.console.coordinator-url} the coordinator's HTTP API (without it the transaction pages say
 * there is none). Listens on {@code 127.0.0.1:8080} by default ({@code tandem-console.yml}).
 */
@SpringBootApplication(proxyBeanMethods = false)
public class AdminConsoleApplication {

    /** Where the defaults come from, later names overriding earlier ones. */
    public static final String CONFIG_NAMES = "spring.config.name=tandem-console,application";

    public static void main(String[] args) {
        new SpringApplicationBuilder(AdminConsoleApplication.class).properties(CONFIG_NAMES).run(args);
    }
}
