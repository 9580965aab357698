package io.tandem.server.audit;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.auth.RequestSignature;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.server.remoting.ClientConnection;
import io.tandem.server.remoting.RequestAudit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Audits every admin request that changes state — topics, subscription groups, users, ACLs, offset resets, broker
 * settings, name-server key/values, forced transaction decisions — into an {@link AuditFile}, whatever the answer:
 * done, denied by authentication or the ACL, or failed. Reads are not audited, nor are the coordinator's routine
 * resolutions (a {@code TANDEM_RESOLVE_HALF} whose source is not {@code OPERATOR}), which its own record keeps.
 *
 * <p>A record keeps the request's header fields without the signature, the session token and any field whose name
 * mentions a secret or password; request bodies (which carry a new user's secret key) are never kept. Thread-safe.
 */
public final class AdminRequestAudit implements RequestAudit {

    /** The access key of a request that carries none. */
    public static final String ANONYMOUS = "anonymous";

    /** The requests audited. */
    public static final Set<Integer> AUDITED = Set.of(
            RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.DELETE_TOPIC_IN_BROKER, RequestCode.DELETE_TOPIC_IN_NAMESRV,
            RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, RequestCode.DELETE_SUBSCRIPTIONGROUP,
            RequestCode.AUTH_CREATE_USER, RequestCode.AUTH_UPDATE_USER, RequestCode.AUTH_DELETE_USER,
            RequestCode.AUTH_CREATE_ACL, RequestCode.AUTH_UPDATE_ACL, RequestCode.AUTH_DELETE_ACL,
            RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, RequestCode.UPDATE_BROKER_CONFIG,
            RequestCode.PUT_KV_CONFIG, RequestCode.DELETE_KV_CONFIG,
            RequestCode.TANDEM_RESOLVE_HALF, RequestCode.TANDEM_PARK_HALF);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CREDENTIAL_FIELDS = Set.of(RequestSignature.ACCESS_KEY,
            RequestSignature.SIGNATURE, RequestSignature.SECURITY_TOKEN);
    /** Header fields that name what a request acts on, in the order they are looked for, with their label. */
    private static final List<Map.Entry<String, String>> TARGET_FIELDS = List.of(Map.entry("topic", "topic"),
            Map.entry("groupName", "group"), Map.entry("group", "group"), Map.entry("consumerGroup", "group"),
            Map.entry("username", "user"), Map.entry("subject", "acl of"), Map.entry("key", "key"),
            Map.entry("halfOffset", "half at offset"));

    private final AuditFile file;
    private final Clock clock;

    public AdminRequestAudit(AuditFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    @Override
    public boolean audits(RemotingCommand request) {
        if (request.code() == RequestCode.TANDEM_RESOLVE_HALF) {
            return DecisionSource.OPERATOR.wireName().equals(request.extField("source"));
        }
        return AUDITED.contains(request.code());
    }

    @Override
    public void answered(ClientConnection connection, RemotingCommand request, RemotingCommand response) {
        file.append(record(connection.remoteAddress(), request, response, clock));
    }

    /** The record of {@code request} from {@code remoteAddress} answered with {@code response}. */
    static AuditRecord record(String remoteAddress, RemotingCommand request, RemotingCommand response, Clock clock) {
        Map<String, String> fields = new LinkedHashMap<>();
        request.extFields().forEach((name, value) -> {
            if (!CREDENTIAL_FIELDS.contains(name) && !secret(name)) {
                fields.put(name, value);
            }
        });
        String target = null;
        if (request.code() == RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP) {
            target = groupOf(request.body());
        } else if (request.code() == RequestCode.UPDATE_BROKER_CONFIG) {
            target = "broker settings";
            settingsOf(request.body()).forEach((name, value) -> fields.put("setting." + name, value));
        }
        if (target == null) {
            for (Map.Entry<String, String> field : TARGET_FIELDS) {
                String value = request.extField(field.getKey());
                if (value != null) {
                    target = field.getValue() + " " + value;
                    break;
                }
            }
        }
        String accessKey = request.extField(RequestSignature.ACCESS_KEY);
        return new AuditRecord(Instant.ofEpochMilli(clock.millis()).toString(),
                accessKey == null || accessKey.isBlank() ? ANONYMOUS : accessKey, request.code(),
                RequestCode.name(request.code()), target, remoteAddress, AuditOutcome.of(response.code()),
                response.code(), response.remark(), fields);
    }

    private static boolean secret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("secret") || lower.contains("password") || lower.contains("token");
    }

    /** The group a SubscriptionGroupConfig body names, or null. */
    private static String groupOf(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode name = JSON.readTree(body).get("groupName");
            return name == null || name.isNull() ? null : "group " + name.asString();
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The settings of an UPDATE_BROKER_CONFIG body (properties text), secret-looking ones left out. */
    private static Map<String, String> settingsOf(byte[] body) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return settings;
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(body, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            settings.put("unreadable", "the settings were not properties text");
            return settings;
        }
        for (String name : properties.stringPropertyNames()) {
            settings.put(name, secret(name) ? "(not recorded)" : properties.getProperty(name));
        }
        return settings;
    }
}
