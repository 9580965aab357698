package io.tandem.coordinator.audit;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit name of an endpoint, so that a request refused before its handler ran (401, 403) is recorded as the
 * action it attempted: {@code new AuditedEndpoint("POST", "/tandem/coordinator/halves/{id}/commit", "FORCE_COMMIT",
 * "half {id}")}. The target's {@code {name}} placeholders take the values of the pattern's path variables.
 *
 * @param method  the HTTP method
 * @param pattern a Spring MVC path pattern
 * @param action  the action's name
 * @param target  the target's description, with placeholders
 */
public record AuditedEndpoint(String method, String pattern, String action, String target) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

    /** The action and target of a request to {@code path} with {@code requestMethod}, if this endpoint is it. */
    Optional<AuditedRequest> match(String requestMethod, String path) {
        if (!method.equalsIgnoreCase(requestMethod)) {
            return Optional.empty();
        }
        PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
        PathPattern.PathMatchInfo info = parsed.matchAndExtract(PathContainer.parsePath(path));
        if (info == null) {
            return Optional.empty();
        }
        Map<String, String> variables = info.getUriVariables();
        Matcher placeholder = PLACEHOLDER.matcher(target);
        StringBuilder described = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(described, Matcher.quoteReplacement(
                    variables.getOrDefault(placeholder.group(1), placeholder.group())));
        }
        placeholder.appendTail(described);
        return Optional.of(new AuditedRequest(action, described.toString()));
    }
}
