package io.tandem.spring.annotation;

import io.tandem.spring.config.MqListenerEndpointRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the infrastructure of {@link EnableMq}: the {@link MqListenerAnnotationBeanPostProcessor} and the
 * {@link MqListenerEndpointRegistry}, each once per context under the names below.
 */
public final class MqBootstrapConfiguration implements ImportBeanDefinitionRegistrar {

    public static final String ANNOTATION_PROCESSOR_BEAN_NAME =
            "io.tandem.spring.annotation.internalMqListenerAnnotationProcessor";

    public static final String ENDPOINT_REGISTRY_BEAN_NAME =
            "io.tandem.spring.config.internalMqListenerEndpointRegistry";

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
        if (!registry.containsBeanDefinition(ANNOTATION_PROCESSOR_BEAN_NAME)) {
            RootBeanDefinition processor = new RootBeanDefinition(MqListenerAnnotationBeanPostProcessor.class);
            processor.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(ANNOTATION_PROCESSOR_BEAN_NAME, processor);
        }
        if (!registry.containsBeanDefinition(ENDPOINT_REGISTRY_BEAN_NAME)) {
            RootBeanDefinition endpointRegistry = new RootBeanDefinition(MqListenerEndpointRegistry.class);
            endpointRegistry.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(ENDPOINT_REGISTRY_BEAN_NAME, endpointRegistry);
        }
    }
}
