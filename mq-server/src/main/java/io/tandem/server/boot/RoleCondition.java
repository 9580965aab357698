package io.tandem.server.boot;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Bean conditions on {@code tandem.role} (read with relaxed binding: {@code name-server}, {@code NAME_SERVER}). */
final class RoleCondition {

    private RoleCondition() {
    }

    /** Matches the roles that run a broker (BOTH, BROKER). */
    static final class RunsBroker implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return ClusterProperties.role(context.getEnvironment()).runsBroker();
        }
    }

    /** Matches NAME_SERVER. */
    static final class NameServerOnly implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !ClusterProperties.role(context.getEnvironment()).runsBroker();
        }
    }
}
