package io.tandem.spring.example;

import io.tandem.spring.admin.MqTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A topic the application declares, created at startup when it is missing (README: "Declaring topics"). */
@Configuration(proxyBeanMethods = false)
class TransferTopics {

    @Bean
    MqTopic transferDebited() {
        return MqTopic.of("TransferDebited", 8);
    }
}
