package io.tandem.spring.test;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

import java.util.List;

/**
 * Creates the context customizer of a test class annotated with {@link EmbeddedMqBroker} (directly or enclosing). This
 * class runs on Java 17. On a runtime older than the broker's 25 the broker runs in a child process
 * ({@link MqTestBroker}); what only works in the test's JVM, {@link EmbeddedMqBroker#coordinator()}, is refused with a
 * message naming it, before any class of the broker or the coordinator is loaded.
 */
public final class EmbeddedMqBrokerContextCustomizerFactory implements ContextCustomizerFactory {

    private static final String BROKER_CLASS_FILE = "io/tandem/server/Broker.class";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedMqBroker annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                EmbeddedMqBroker.class);
        if (annotation == null) {
            return null;
        }
        checkUsable(testClass, annotation, Runtime.version().feature());
        // A resource, not a class: on Java 17 loading the broker's class would fail for its version alone.
        ClassLoader classLoader = testClass.getClassLoader();
        if (classLoader == null || classLoader.getResource(BROKER_CLASS_FILE) == null) {
            throw new IllegalStateException("@EmbeddedMqBroker on " + testClass.getName() + " needs the broker on the"
                    + " test class path: add io.tandem:tandem-spring-boot-starter-test with test scope and do not exclude"
                    + " io.tandem:tandem-mq-server from it");
        }
        return new EmbeddedMqBrokerContextCustomizer(annotation);
    }

    /**
     * Refuses the attributes that need the broker's Java in the test's JVM when the test runs on {@code javaFeature}.
     *
     * @throws IllegalStateException naming the attribute, the test class and both Java versions
     */
    static void checkUsable(Class<?> testClass, EmbeddedMqBroker annotation, int javaFeature) {
        if (annotation.coordinator() && javaFeature < ChildProcessBroker.BROKER_JAVA) {
            throw new IllegalStateException("@EmbeddedMqBroker(coordinator = true) on " + testClass.getName()
                    + " runs Tandem's transaction coordinator inside the test JVM, and the coordinator needs Java "
                    + ChildProcessBroker.BROKER_JAVA + "; these tests run on Java " + javaFeature + ". Leave"
                    + " coordinator unset (the broker, which then runs in a child process of a JDK "
                    + ChildProcessBroker.BROKER_JAVA + ", checks back undecided transactions itself), or run this"
                    + " test on a JDK " + ChildProcessBroker.BROKER_JAVA + " (for example with Maven Surefire's jvm"
                    + " parameter or a toolchain); the application itself can stay on Java 17");
        }
    }
}
