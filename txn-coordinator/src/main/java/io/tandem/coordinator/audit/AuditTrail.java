package io.tandem.coordinator.audit;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import java.util.ArrayList;
import java.util.List;

/**
 * The durable audit trail of the HTTP ports, in the coordinator's database (table {@code audit_entry}, created by the
 * record's migrations): entries are appended, never changed, and read back newest first. Thread-safe; every call is
 * its own database transaction, so an entry is kept whatever became of the request it describes.
 *
 * <p>Failure modes: database errors are Spring's {@code DataAccessException}s. Texts longer than their column are
 * cut, with a trailing ellipsis, rather than refused.
 */
public final class AuditTrail {

    private static final String COLUMNS = "id, at_ms, actor, action, target, reason, outcome, detail, remote_address, "
            + "http_method, path, status, instance_id";

    private static final RowMapper<AuditEntry> ROW = (rs, row) -> new AuditEntry(rs.getLong("id"),
            rs.getLong("at_ms"), rs.getString("actor"), rs.getString("action"), rs.getString("target"),
            rs.getString("reason"), AuditOutcome.valueOf(rs.getString("outcome")), rs.getString("detail"),
            rs.getString("remote_address"), rs.getString("http_method"), rs.getString("path"), rs.getInt("status"),
            rs.getString("instance_id"));

    private final NamedParameterJdbcOperations jdbc;

    public AuditTrail(NamedParameterJdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores {@code entry} (its id is ignored) and returns it with the id it got. */
    public AuditEntry append(AuditEntry entry) {
        MapSqlParameterSource row = new MapSqlParameterSource()
                .addValue("atMs", entry.atMs())
                .addValue("actor", cut(entry.actor(), 255))
                .addValue("action", cut(entry.action(), 64))
                .addValue("target", cut(entry.target(), 1024))
                .addValue("reason", cut(entry.reason(), 1024))
                .addValue("outcome", entry.outcome().name())
                .addValue("detail", cut(entry.detail(), 1024))
                .addValue("remoteAddress", cut(entry.remoteAddress(), 255))
                .addValue("httpMethod", cut(entry.httpMethod(), 16))
                .addValue("path", cut(entry.path(), 1024))
                .addValue("status", entry.status())
                .addValue("instanceId", cut(entry.instanceId(), 255));
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update("INSERT INTO audit_entry (at_ms, actor, action, target, reason, outcome, detail, remote_address, "
                + "http_method, path, status, instance_id) VALUES (:atMs, :actor, :action, :target, :reason, "
                + ":outcome, :detail, :remoteAddress, :httpMethod, :path, :status, :instanceId)", row, key,
                new String[]{"id"});
        long id = key.getKeyAs(Number.class).longValue();
        return new AuditEntry(id, entry.atMs(), entry.actor(), entry.action(), entry.target(), entry.reason(),
                entry.outcome(), entry.detail(), entry.remoteAddress(), entry.httpMethod(), entry.path(),
                entry.status(), entry.instanceId());
    }

    /** The entries {@code query} selects, newest first, with the number of all matching entries. */
    public AuditPage find(AuditQuery query) {
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        List<String> conditions = new ArrayList<>();
        if (query.actor() != null) {
            conditions.add("actor = :actor");
            parameters.addValue("actor", query.actor());
        }
        if (query.action() != null) {
            conditions.add("action = :action");
            parameters.addValue("action", query.action());
        }
        if (query.fromMs() != null) {
            conditions.add("at_ms >= :fromMs");
            parameters.addValue("fromMs", query.fromMs());
        }
        if (query.toMs() != null) {
            conditions.add("at_ms < :toMs");
            parameters.addValue("toMs", query.toMs());
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry" + where, parameters, Long.class);
        parameters.addValue("limit", query.size());
        parameters.addValue("offset", (long) query.page() * query.size());
        List<AuditEntry> entries = jdbc.query("SELECT " + COLUMNS + " FROM audit_entry" + where
                + " ORDER BY at_ms DESC, id DESC LIMIT :limit OFFSET :offset", parameters, ROW);
        return new AuditPage(entries, query.page(), query.size(), total == null ? 0 : total);
    }

    private static String cut(String text, int length) {
        if (text == null || text.length() <= length) {
            return text;
        }
        return text.substring(0, length - 1) + "…";
    }
}
