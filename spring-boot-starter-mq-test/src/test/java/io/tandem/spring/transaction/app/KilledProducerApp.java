package io.tandem.spring.transaction.app;

import io.tandem.client.producer.HalfMessage;
import io.tandem.spring.transaction.MqEndTransactionHook;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderService;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A producer application that SIGKILLs itself after its database transaction completed and before END_TRANSACTION:
 * {@code <name server> <jdbc url> commit|rollback <order id>}. Prints {@code KILLING <outcome> <transaction ids>}
 * just before it dies; exit code 3 means it survived, which it must not.
 */
public final class KilledProducerApp {

    public static final String GROUP = "tx-killed";

    private KilledProducerApp() {
    }

    public static void main(String[] args) throws Exception {
        String nameServer = args[0];
        String url = args[1];
        boolean commit = args[2].equals("commit");
        long orderId = Long.parseLong(args[3]);
        MqEndTransactionHook killer = (halves, outcome) -> {
            System.out.println("KILLING " + outcome + " " + String.join(",",
                    halves.stream().map(HalfMessage::transactionId).toList()));
            System.out.flush();
            killSelf();
        };
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TransactionTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties("tandem.mq.name-server=" + nameServer, "spring.datasource.url=" + url,
                        "spring.datasource.username=postgres", "tandem.mq.producer.group=" + GROUP,
                        "tandem.mq.listener.auto-startup=false", "spring.main.banner-mode=off",
                        "tandem.coordinator.enabled=false")
                .initializers(initializing -> initializing.getBeanFactory().registerSingleton("killer", killer))
                .run();
        OrderService orders = context.getBean(OrderService.class);
        if (commit) {
            orders.place(orderId, "killed after commit");
        } else {
            try {
                orders.placeThenFail(orderId, "killed after rollback", new CopyOnWriteArrayList<>());
            } catch (IllegalStateException expected) {
                // The hook runs before the exception reaches here.
            }
        }
        System.out.println("SURVIVED");
        System.exit(3);
    }

    private static void killSelf() {
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).inheritIO().start()
                    .waitFor();
            Thread.sleep(60_000);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not SIGKILL this process", e);
        }
    }
}
