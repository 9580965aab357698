package io.tandem.server.namesrv;

import io.tandem.protocol.body.BrokerMemberGroup;
import io.tandem.protocol.body.ClusterInfo;
import io.tandem.protocol.body.TopicConfig;
import io.tandem.protocol.body.TopicList;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.QueueData;
import io.tandem.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What a name server knows: the broker groups of every cluster, the live members of each group (keyed by address,
 * each with the broker id routes list it under), and the topics each group holds. Routes, cluster info and topic
 * lists are read from here.
 *
 * <p>Rules. A registration renews its member's lease and replaces what the registry kept of it. The topics of the
 * group's leader (broker id 0), or while it has none of its lowest-id member, are merged into the group's topics:
 * added or updated, and removed by a registration only when it says it carries the member's whole table (a remote
 * broker may register a single new topic); otherwise a topic leaves with DELETE_TOPIC_IN_NAMESRV ({@link #deleteTopic})
 * or with the last member of its group. Two live members cannot
 * share a broker id: a newcomer claiming the id of a member with a newer epoch is refused, otherwise it displaces
 * that member. A member silent for longer than its timeout is removed by {@link #expireSilentMembers()}, driven by
 * the injected clock; a pinned member (the in-process broker of an embedded name server) never expires.
 *
 * <p>Thread-safe: one read-write lock; answers are built under the read lock and share nothing with the registry.
 */
public final class BrokerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRegistry.class);

    /** A member that expired, for the log and for tests. */
    public record ExpiredMember(String clusterName, String brokerName, BrokerMember member) {
    }

    private record TopicEntry(QueueData queues, boolean order) {
    }

    private static final class Group {
        private final String brokerName;
        private String clusterName;
        private final Map<String, BrokerMember> members = new HashMap<>();
        private final Map<String, TopicEntry> topics = new TreeMap<>();

        private Group(String brokerName) {
            this.brokerName = brokerName;
        }

        private BrokerData brokerData() {
            Map<Long, String> addresses = new TreeMap<>();
            members.values().forEach(member -> addresses.put(member.brokerId(), member.address()));
            return new BrokerData(clusterName, brokerName, addresses, null, false);
        }

        private BrokerMember leader() {
            for (BrokerMember member : members.values()) {
                if (member.brokerId() == BrokerData.MASTER_ID) {
                    return member;
                }
            }
            return null;
        }

        private boolean keepsTopicsOf(BrokerMember member) {
            if (member.brokerId() == BrokerData.MASTER_ID) {
                return true;
            }
            return leader() == null && members.values().stream()
                    .allMatch(other -> other.brokerId() >= member.brokerId());
        }
    }

    private final Clock clock;
    private final Duration defaultTimeout;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Group> groups = new TreeMap<>();

    /**
     * @param clock          drives leases and expiry
     * @param defaultTimeout how long a member that did not ask for its own timeout may stay silent
     */
    public BrokerRegistry(Clock clock, Duration defaultTimeout) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (defaultTimeout == null || !defaultTimeout.isPositive()) {
            throw new IllegalArgumentException("defaultTimeout must be positive, was " + defaultTimeout);
        }
        this.defaultTimeout = defaultTimeout;
    }

    /** Records or renews a member; see the class comment for the rules. */
    public RegistrationResult register(BrokerRegistration registration) {
        lock.writeLock().lock();
        try {
            Group group = groups.computeIfAbsent(registration.brokerName(), Group::new);
            for (BrokerMember other : group.members.values()) {
                if (!other.address().equals(registration.address()) && other.brokerId() == registration.brokerId()
                        && other.outranks(registration.epoch())) {
                    return RegistrationResult.refused("broker id " + registration.brokerId() + " of "
                            + registration.brokerName() + " is held by " + other.address() + " at epoch "
                            + other.epoch() + ", newer than epoch " + registration.epoch() + " of "
                            + registration.address());
                }
            }
            group.members.values().removeIf(other -> {
                boolean displaced = !other.address().equals(registration.address())
                        && other.brokerId() == registration.brokerId();
                if (displaced) {
                    LOG.info("{} of {} takes broker id {} over from {}", registration.address(),
                            registration.brokerName(), registration.brokerId(), other.address());
                }
                return displaced;
            });
            group.clusterName = registration.clusterName();
            BrokerMember member = new BrokerMember(registration.address(), registration.haAddress(),
                    registration.brokerId(), registration.memberId(), registration.epoch(), registration.maxOffset(),
                    registration.heartbeatTimeout() == null ? defaultTimeout : registration.heartbeatTimeout(),
                    clock.millis(), registration.pinned(), registration.dataVersion());
            BrokerMember previous = group.members.put(member.address(), member);
            if (previous == null) {
                LOG.info("broker {} of {} (cluster {}) registered at {} as id {}", registration.address(),
                        registration.brokerName(), registration.clusterName(), clock.instant(), member.brokerId());
            }
            if (group.keepsTopicsOf(member)) {
                if (registration.wholeTable()) {
                    group.topics.keySet().retainAll(registration.topics().keySet());
                }
                for (TopicConfig topic : registration.topics().values()) {
                    group.topics.put(topic.topicName(), new TopicEntry(new QueueData(group.brokerName,
                            topic.readQueueNums(), topic.writeQueueNums(), topic.perm(), topic.topicSysFlag()),
                            topic.order()));
                }
            }
            BrokerMember leader = group.leader();
            if (leader == null || leader == member) {
                return new RegistrationResult(true, null, null, null);
            }
            return new RegistrationResult(true, null, leader.address(), leader.haAddress());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes the member registered at {@code address} from {@code brokerName}; the group and its topics go with its
     * last member.
     *
     * @return whether such a member was registered
     */
    public boolean unregister(String clusterName, String brokerName, String address, long brokerId) {
        lock.writeLock().lock();
        try {
            Group group = groups.get(brokerName);
            if (group == null || group.members.remove(address) == null) {
                return false;
            }
            LOG.info("broker {} of {} (cluster {}, id {}) unregistered", address, brokerName, clusterName, brokerId);
            if (group.members.isEmpty()) {
                groups.remove(brokerName);
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes every member silent for longer than its timeout, by the clock's current time. */
    public List<ExpiredMember> expireSilentMembers() {
        long now = clock.millis();
        List<ExpiredMember> expired = new ArrayList<>();
        lock.writeLock().lock();
        try {
            groups.values().removeIf(group -> {
                group.members.values().removeIf(member -> {
                    if (member.expiredAt(now)) {
                        expired.add(new ExpiredMember(group.clusterName, group.brokerName, member));
                        return true;
                    }
                    return false;
                });
                return group.members.isEmpty();
            });
        } finally {
            lock.writeLock().unlock();
        }
        for (ExpiredMember gone : expired) {
            LOG.warn("broker {} of {} (cluster {}) expired: not heard from for more than {}",
                    gone.member().address(), gone.brokerName(), gone.clusterName(), gone.member().timeout());
        }
        return expired;
    }

    /**
     * The route of {@code topic}: every broker group holding it, with its queues and its live members, by broker
     * name; empty when no group holds it.
     */
    public Optional<TopicRouteData> route(String topic) {
        lock.readLock().lock();
        try {
            List<QueueData> queues = new ArrayList<>();
            List<BrokerData> brokers = new ArrayList<>();
            List<String> ordered = new ArrayList<>();
            for (Group group : groups.values()) {
                TopicEntry entry = group.topics.get(topic);
                if (entry == null) {
                    continue;
                }
                queues.add(entry.queues());
                brokers.add(group.brokerData());
                if (entry.order()) {
                    ordered.add(group.brokerName + ":" + entry.queues().writeQueueNums());
                }
            }
            if (queues.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new TopicRouteData(ordered.isEmpty() ? null : String.join(";", ordered), queues,
                    brokers, Map.of()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every broker group with its live members, and the groups of every cluster. */
    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            Map<String, BrokerData> brokers = new TreeMap<>();
            Map<String, Set<String>> clusters = new TreeMap<>();
            for (Group group : groups.values()) {
                brokers.put(group.brokerName, group.brokerData());
                clusters.computeIfAbsent(group.clusterName, name -> new TreeSet<>()).add(group.brokerName);
            }
            Map<String, List<String>> clusterTable = new TreeMap<>();
            clusters.forEach((cluster, names) -> clusterTable.put(cluster, List.copyOf(names)));
            return new ClusterInfo(brokers, clusterTable);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every topic some group holds, sorted. */
    public TopicList topics() {
        return topicsOf(null);
    }

    /** Topics held by the groups of {@code clusterName}, sorted. */
    public TopicList topicsOfCluster(String clusterName) {
        return topicsOf(Objects.requireNonNull(clusterName, "clusterName"));
    }

    private TopicList topicsOf(String clusterName) {
        lock.readLock().lock();
        try {
            Set<String> names = new TreeSet<>();
            for (Group group : groups.values()) {
                if (clusterName == null || clusterName.equals(group.clusterName)) {
                    names.addAll(group.topics.keySet());
                }
            }
            return new TopicList(names, null);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The reference name server's "system topics": every cluster name and broker name. The reference also names one
     * broker's address, which makes its client ask that broker for its own system topics
     * (GET_SYSTEM_TOPIC_LIST_FROM_BROKER); Tandem brokers do not serve that request, so no address is given.
     */
    public TopicList systemTopics() {
        lock.readLock().lock();
        try {
            Set<String> names = new LinkedHashSet<>();
            for (Group group : groups.values()) {
                names.add(group.clusterName);
                names.add(group.brokerName);
            }
            return new TopicList(names, null);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Removes {@code topic} from every group, or from the groups of {@code clusterName} when it is not null.
     *
     * @return the broker names it was removed from
     */
    public Set<String> deleteTopic(String topic, String clusterName) {
        lock.writeLock().lock();
        try {
            Set<String> removed = new TreeSet<>();
            for (Group group : groups.values()) {
                if ((clusterName == null || clusterName.equals(group.clusterName))
                        && group.topics.remove(topic) != null) {
                    removed.add(group.brokerName);
                }
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The live members of one group by broker id; empty members when the group is unknown. */
    public BrokerMemberGroup memberGroup(String clusterName, String brokerName) {
        lock.readLock().lock();
        try {
            Group group = groups.get(brokerName);
            if (group == null || !group.clusterName.equals(clusterName)) {
                return new BrokerMemberGroup(clusterName, brokerName, Map.of());
            }
            return new BrokerMemberGroup(clusterName, brokerName, group.brokerData().brokerAddrs());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The live members of {@code brokerName}, by broker id; empty when the group is unknown. */
    public List<BrokerMember> members(String brokerName) {
        lock.readLock().lock();
        try {
            Group group = groups.get(brokerName);
            if (group == null) {
                return List.of();
            }
            return group.members.values().stream().sorted(Comparator.comparingLong(BrokerMember::brokerId)).toList();
        } finally {
            lock.readLock().unlock();
        }
    }
}
