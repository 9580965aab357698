package io.tandem.server.auth;

import io.tandem.protocol.body.AclInfo;
import io.tandem.server.metadata.JsonFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ACLs of a broker's users, kept in {@code acls.json} in the metadata directory (written atomically and durably,
 * owner-only like the users file). Lookups are lock-free; changes are serialized and written before they take effect.
 */
public final class Acls {

    /** The file's content. */
    record AclFile(List<AclInfo> acls) {
    }

    private final JsonFile<AclFile> file;
    private final Map<String, Acl> acls = new ConcurrentHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    /** @throws IllegalStateException if the file is damaged or holds an invalid ACL, naming it */
    public Acls(Path metadataDirectory) {
        this.file = new JsonFile<>(metadataDirectory.resolve("acls.json"), AclFile.class, true);
        file.read().ifPresent(content -> {
            for (AclInfo info : content.acls() == null ? List.<AclInfo>of() : content.acls()) {
                try {
                    Acl acl = Acl.fromInfo(info, null);
                    acls.put(acl.username(), acl);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("metadata file " + file.path() + " holds an invalid ACL: "
                            + e.getMessage(), e);
                }
            }
        });
    }

    /**
     * Runs {@code listener} each time an ACL entry is merged or deleted, or the table is replaced, once the change is
     * durable and visible, on the thread that made it; it must be quick and must not block.
     */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    public Optional<Acl> find(String username) {
        return Optional.ofNullable(acls.get(username));
    }

    /** Adds the entries of {@code acl} to the user's ACL, replacing entries for the same resources. */
    public synchronized Acl merge(Acl acl) {
        Acl merged = find(acl.username()).map(existing -> existing.merge(acl)).orElse(acl);
        replace(acl.username(), merged);
        return merged;
    }

    /**
     * Deletes the user's entry for {@code resource} in the policy of {@code type}, or the whole ACL when
     * {@code resource} is null; returns whether there was an ACL.
     */
    public synchronized boolean delete(String username, PolicyType type, Resource resource) {
        Acl existing = acls.get(username);
        if (existing == null) {
            return false;
        }
        Acl remaining = resource == null ? null : existing.without(type, resource);
        replace(username, remaining == null || remaining.isEmpty() ? null : remaining);
        return true;
    }

    /**
     * The ACLs whose subject contains {@code subjectFilter}, with only the entries whose resource key contains
     * {@code resourceFilter} (either filter null or blank for all), by subject.
     */
    public List<Acl> list(String subjectFilter, String resourceFilter) {
        List<Acl> result = new ArrayList<>();
        acls.values().stream().sorted(Comparator.comparing(Acl::username)).forEach(acl -> {
            if (subjectFilter != null && !subjectFilter.isBlank()
                    && !Subjects.of(acl.username()).contains(subjectFilter)) {
                return;
            }
            if (resourceFilter == null || resourceFilter.isBlank()) {
                result.add(acl);
                return;
            }
            Map<PolicyType, List<PolicyEntry>> kept = new HashMap<>();
            acl.policies().forEach((type, entries) -> kept.put(type, entries.stream()
                    .filter(entry -> entry.resource().key().contains(resourceFilter)).toList()));
            Acl filtered = new Acl(acl.username(), kept);
            if (!filtered.isEmpty()) {
                result.add(filtered);
            }
        });
        return result;
    }

    /** Every ACL as its file holds it, by subject: what a leader sends its replicas. */
    public List<AclInfo> export() {
        return acls.values().stream().sorted(Comparator.comparing(Acl::username)).map(Acl::toInfo).toList();
    }

    /**
     * Makes the ACLs exactly {@code infos} (a leader's {@link #export()}): writes the file first, only when
     * something differs, then swaps the table.
     *
     * @throws IllegalArgumentException naming an invalid ACL; nothing is changed then
     */
    public synchronized void replaceAll(List<AclInfo> infos) {
        Map<String, Acl> next = new HashMap<>();
        for (AclInfo info : infos) {
            Acl acl = Acl.fromInfo(info, null);
            next.put(acl.username(), acl);
        }
        if (next.equals(Map.copyOf(acls))) {
            return;
        }
        List<AclInfo> written = new ArrayList<>();
        next.values().stream().sorted(Comparator.comparing(Acl::username)).forEach(each -> written.add(each.toInfo()));
        file.write(new AclFile(written));
        acls.keySet().retainAll(next.keySet());
        acls.putAll(next);
        changeListeners.forEach(Runnable::run);
    }

    private void replace(String username, Acl acl) {
        Map<String, Acl> next = new HashMap<>(acls);
        if (acl == null) {
            next.remove(username);
        } else {
            next.put(username, acl);
        }
        List<AclInfo> infos = new ArrayList<>();
        next.values().stream().sorted(Comparator.comparing(Acl::username)).forEach(each -> infos.add(each.toInfo()));
        file.write(new AclFile(infos));
        if (acl == null) {
            acls.remove(username);
        } else {
            acls.put(username, acl);
        }
        changeListeners.forEach(Runnable::run);
    }
}
