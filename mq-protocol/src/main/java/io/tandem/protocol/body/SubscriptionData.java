package io.tandem.protocol.body;

import io.tandem.protocol.message.TagHash;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One topic subscription of a consumer group (fact sheet 6.2).
 *
 * @param topic           topic, including {@code %RETRY%<group>} for clustering push consumers
 * @param subString       {@code *}, tags joined by {@code ||}, or SQL text
 * @param tagsSet         trimmed tags; empty for {@code *}
 * @param codeSet         {@link TagHash} of each tag
 * @param subVersion      version, a ms timestamp bumped on every change
 * @param expressionType  {@link #EXPRESSION_TAG} or {@link #EXPRESSION_SQL92}
 * @param classFilterMode legacy, false
 */
public record SubscriptionData(String topic, String subString,
                               @JsonDeserialize(as = LinkedHashSet.class) Set<String> tagsSet,
                               @JsonDeserialize(as = LinkedHashSet.class) Set<Integer> codeSet,
                               long subVersion, String expressionType, boolean classFilterMode) {

    /** Matches every tag. */
    public static final String SUBSCRIBE_ALL = "*";
    public static final String EXPRESSION_TAG = "TAG";
    public static final String EXPRESSION_SQL92 = "SQL92";

    public SubscriptionData {
        Objects.requireNonNull(topic, "topic");
        tagsSet = tagsSet == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(tagsSet));
        codeSet = codeSet == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(codeSet));
    }

    /**
     * The subscription for a tag expression as the Java client builds it: {@code *} (or blank) matches all, else
     * the tags between {@code ||} are trimmed and hashed.
     */
    public static SubscriptionData ofTags(String topic, String expression, long subVersion) {
        if (expression == null || expression.isBlank() || expression.strip().equals(SUBSCRIBE_ALL)) {
            return new SubscriptionData(topic, SUBSCRIBE_ALL, Set.of(), Set.of(), subVersion, EXPRESSION_TAG, false);
        }
        Set<String> tags = new LinkedHashSet<>();
        Set<Integer> codes = new LinkedHashSet<>();
        for (String tag : expression.split("\\|\\|")) {
            String trimmed = tag.strip();
            if (!trimmed.isEmpty()) {
                tags.add(trimmed);
                codes.add(TagHash.of(trimmed));
            }
        }
        return new SubscriptionData(topic, expression, tags, codes, subVersion, EXPRESSION_TAG, false);
    }

    /**
     * The subscription for a SQL92 expression over message properties, which only the broker evaluates: no tags, no
     * hash codes.
     */
    public static SubscriptionData ofSql92(String topic, String expression, long subVersion) {
        Objects.requireNonNull(expression, "expression");
        return new SubscriptionData(topic, expression, Set.of(), Set.of(), subVersion, EXPRESSION_SQL92, false);
    }

    /** Whether this subscription is a SQL92 expression rather than tags. */
    public boolean usesSql92() {
        return EXPRESSION_SQL92.equalsIgnoreCase(expressionType);
    }

    /** Whether this is a tag subscription that a message with the given tag hash passes (broker-side filter). */
    public boolean matchesTagHash(int tagHash) {
        if (expressionType != null && !EXPRESSION_TAG.equals(expressionType)) {
            return true;
        }
        return SUBSCRIBE_ALL.equals(subString) || codeSet.isEmpty() || codeSet.contains(tagHash);
    }
}
