package io.tandem.spring.test;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.util.ClassUtils;

import java.util.List;

/** Creates the context customizer of a test class annotated with {@link EmbeddedMqBroker} (directly or enclosing). */
public final class EmbeddedMqBrokerContextCustomizerFactory implements ContextCustomizerFactory {

    private static final String BROKER_CLASS = "io.tandem.server.Broker";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedMqBroker annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                EmbeddedMqBroker.class);
        if (annotation == null) {
            return null;
        }
        if (!ClassUtils.isPresent(BROKER_CLASS, testClass.getClassLoader())) {
            throw new IllegalStateException("@EmbeddedMqBroker on " + testClass.getName() + " needs the broker on the"
                    + " test class path: add io.tandem:tandem-spring-boot-starter-test with test scope and do not exclude"
                    + " io.tandem:tandem-mq-server from it");
        }
        return new EmbeddedMqBrokerContextCustomizer(annotation);
    }
}
