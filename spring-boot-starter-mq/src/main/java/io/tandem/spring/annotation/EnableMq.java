package io.tandem.spring.annotation;

import org.springframework.context.annotation.Import;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns on {@link MqListener} processing: registers the annotation post-processor and the
 * {@link io.tandem.spring.config.MqListenerEndpointRegistry}. Spring Boot applications do not need it: the
 * auto-configuration applies it. Without Boot, the application also defines a
 * {@link io.tandem.spring.config.MqListenerContainerFactory} bean named {@code mqListenerContainerFactory}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(MqBootstrapConfiguration.class)
public @interface EnableMq {
}
