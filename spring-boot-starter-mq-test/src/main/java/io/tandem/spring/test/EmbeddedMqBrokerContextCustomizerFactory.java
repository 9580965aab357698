package io.tandem.spring.test;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.util.ClassUtils;

import java.util.List;

/**
 * Creates the context customizer of a test class annotated with {@link EmbeddedMqBroker} (directly or enclosing). This
 * class runs on Java 17; on a runtime older than 25 it refuses with a message saying so, before any class of the
 * broker is loaded.
 */
public final class EmbeddedMqBrokerContextCustomizerFactory implements ContextCustomizerFactory {

    private static final String BROKER_CLASS = "io.tandem.server.Broker";
    private static final int BROKER_JAVA = 25;

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedMqBroker annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                EmbeddedMqBroker.class);
        if (annotation == null) {
            return null;
        }
        // Checked before anything of the broker or the coordinator (class files for Java 25) is loaded.
        if (Runtime.version().feature() < BROKER_JAVA) {
            throw new IllegalStateException("@EmbeddedMqBroker on " + testClass.getName() + " runs Tandem's broker"
                    + " inside the test JVM, and the broker needs Java " + BROKER_JAVA + "; these tests run on Java "
                    + Runtime.version() + ". Run them on a JDK " + BROKER_JAVA + " (for example with Maven Surefire's"
                    + " jvm parameter or a toolchain); the application itself can stay on Java 17");
        }
        if (!ClassUtils.isPresent(BROKER_CLASS, testClass.getClassLoader())) {
            throw new IllegalStateException("@EmbeddedMqBroker on " + testClass.getName() + " needs the broker on the"
                    + " test class path: add io.tandem:tandem-spring-boot-starter-test with test scope and do not exclude"
                    + " io.tandem:tandem-mq-server from it");
        }
        return new EmbeddedMqBrokerContextCustomizer(annotation);
    }
}
