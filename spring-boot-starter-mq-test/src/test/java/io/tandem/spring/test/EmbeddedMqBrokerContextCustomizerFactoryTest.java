package io.tandem.spring.test;

import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** What {@code @EmbeddedMqBroker} refuses on a Java older than the broker's, where the broker is a child process. */
class EmbeddedMqBrokerContextCustomizerFactoryTest {

    @EmbeddedMqBroker(topics = "Orders", transactionTimeout = "1s", delayLevels = "100ms")
    static class BrokerOnly {
    }

    @EmbeddedMqBroker(coordinator = true)
    static class WithCoordinator {
    }

    @Test
    void shouldRefuseTheInProcessCoordinatorOnJava17NamingTheAttribute() {
        assertThatIllegalStateException()
                .isThrownBy(() -> EmbeddedMqBrokerContextCustomizerFactory.checkUsable(WithCoordinator.class,
                        annotationOf(WithCoordinator.class), 17))
                .withMessageContaining("@EmbeddedMqBroker(coordinator = true) on " + WithCoordinator.class.getName())
                .withMessageContaining("needs Java 25; these tests run on Java 17");
    }

    @Test
    void shouldAcceptEveryOtherAttributeOnJava17AndTheCoordinatorOnJava25() {
        assertThatCode(() -> EmbeddedMqBrokerContextCustomizerFactory.checkUsable(BrokerOnly.class,
                annotationOf(BrokerOnly.class), 17)).doesNotThrowAnyException();
        assertThatCode(() -> EmbeddedMqBrokerContextCustomizerFactory.checkUsable(WithCoordinator.class,
                annotationOf(WithCoordinator.class), 25)).doesNotThrowAnyException();
    }

    private static EmbeddedMqBroker annotationOf(Class<?> type) {
        return AnnotatedElementUtils.findMergedAnnotation(type, EmbeddedMqBroker.class);
    }
}
