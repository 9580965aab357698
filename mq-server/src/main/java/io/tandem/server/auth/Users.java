package io.tandem.server.auth;

import io.tandem.protocol.body.UserInfo;
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
 * The users of a broker, kept in {@code users.json} in the metadata directory.
 *
 * <p>The file holds every secret key in clear text: the broker needs them to check HMAC signatures, as RocketMQ's
 * ACL 2.0 does. It is therefore written readable by its owner only (0600), atomically and durably; back it up and
 * guard it like a private key. Lookups are lock-free; changes are serialized and written before they take effect.
 */
public final class Users {

    /** The file's content. */
    record UserFile(List<UserInfo> users) {
    }

    private final JsonFile<UserFile> file;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    /**
     * Reads the users from {@code metadataDirectory/users.json}, if it exists.
     *
     * @throws IllegalStateException if the file is damaged or holds an invalid user, naming it
     */
    public Users(Path metadataDirectory) {
        this.file = new JsonFile<>(metadataDirectory.resolve("users.json"), UserFile.class, true);
        file.read().ifPresent(content -> {
            for (UserInfo info : content.users() == null ? List.<UserInfo>of() : content.users()) {
                try {
                    User user = fromInfo(info, info.username());
                    users.put(user.username(), user);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("metadata file " + file.path() + " holds an invalid user: "
                            + e.getMessage(), e);
                }
            }
        });
    }

    /**
     * Runs {@code listener} each time a user is created, updated or deleted, or the table is replaced, once the change
     * is durable and visible, on the thread that made it; it must be quick and must not block.
     */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    /** The user with that access key. */
    public Optional<User> find(String username) {
        return Optional.ofNullable(username == null ? null : users.get(username));
    }

    /** Creates the user unless one of that name exists; returns whether it did. */
    public synchronized boolean createIfAbsent(User user) {
        if (users.containsKey(user.username())) {
            return false;
        }
        save(user);
        return true;
    }

    /** Creates or replaces the user. */
    public synchronized void put(User user) {
        save(user);
    }

    /** Deletes the user; returns whether it existed. */
    public synchronized boolean delete(String username) {
        if (!users.containsKey(username)) {
            return false;
        }
        Map<String, User> next = new HashMap<>(users);
        next.remove(username);
        write(next);
        users.remove(username);
        changeListeners.forEach(Runnable::run);
        return true;
    }

    /** The users whose name contains {@code filter} (all when null or blank), by name. */
    public List<User> list(String filter) {
        return users.values().stream()
                .filter(user -> filter == null || filter.isBlank() || user.username().contains(filter))
                .sorted(Comparator.comparing(User::username))
                .toList();
    }

    /**
     * Every user as its file holds it, secrets included, by name: what a leader sends its replicas. Never log it.
     */
    public List<UserInfo> export() {
        return users.values().stream().sorted(Comparator.comparing(User::username))
                .map(user -> user.toInfo(true)).toList();
    }

    /**
     * Makes the users exactly {@code infos} (a leader's {@link #export()}): writes the file first, only when
     * something differs, then swaps the table.
     *
     * @throws IllegalArgumentException naming an invalid user; nothing is changed then
     */
    public synchronized void replaceAll(List<UserInfo> infos) {
        Map<String, User> next = new HashMap<>();
        for (UserInfo info : infos) {
            User user = fromInfo(info, info == null ? null : info.username());
            next.put(user.username(), user);
        }
        if (next.equals(Map.copyOf(users))) {
            return;
        }
        write(next);
        users.keySet().retainAll(next.keySet());
        users.putAll(next);
        changeListeners.forEach(Runnable::run);
    }

    private void save(User user) {
        Map<String, User> next = new HashMap<>(users);
        next.put(user.username(), user);
        write(next);
        users.put(user.username(), user);
        changeListeners.forEach(Runnable::run);
    }

    private void write(Map<String, User> content) {
        List<UserInfo> infos = new ArrayList<>();
        content.values().stream().sorted(Comparator.comparing(User::username))
                .forEach(user -> infos.add(user.toInfo(true)));
        file.write(new UserFile(infos));
    }

    /**
     * A user from an admin or file body; the header's username is used (RocketMQ's broker does the same).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static User fromInfo(UserInfo info, String username) {
        if (info == null) {
            throw new IllegalArgumentException("the user body is missing");
        }
        return new User(username, info.password(), UserType.parse(info.userType()),
                UserStatus.parse(info.userStatus()));
    }
}
