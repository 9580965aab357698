package io.tandem.coordinator.support;

import io.tandem.coordinator.config.CoordinatorProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

/** Binds {@code tandem.coordinator.*} the way Spring Boot does, from a map. */
public final class Properties {

    private Properties() {
    }

    public static CoordinatorProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("tandem.coordinator", CoordinatorProperties.class);
    }
}
