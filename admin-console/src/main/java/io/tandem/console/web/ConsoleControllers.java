package io.tandem.console.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The console's controllers and their shared model attributes. */
@Configuration(proxyBeanMethods = false)
@Import({ConsoleModel.class, OverviewController.class, TopicsController.class, GroupsController.class,
        MessagesController.class, TraceController.class, InDoubtController.class, DeadLettersController.class,
        AuditController.class, LoginController.class})
public class ConsoleControllers {
}
