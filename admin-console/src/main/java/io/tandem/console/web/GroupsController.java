package io.tandem.console.web;

import io.tandem.client.MqBrokerException;
import io.tandem.client.MqClientException;
import io.tandem.client.admin.GroupOffsets;
import io.tandem.client.admin.GroupSettings;
import io.tandem.console.config.ConsoleProperties;
import io.tandem.console.audit.AuditLog;
import io.tandem.console.cluster.ClusterAccess;
import io.tandem.console.stats.ClusterSnapshot;
import io.tandem.console.stats.StatsHistory;
import io.tandem.console.stats.StatsSampler;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.ConsumerConnection;
import io.tandem.protocol.body.MessageQueue;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Consumer groups: the list with lag and consume rates (from the latest sample), one group's members, lag per queue
 * (read live) and lag over time, and moving its offsets: back or forward to a time, or past its whole backlog.
 */
@Controller
public class GroupsController {

    private final ClusterAccess cluster;
    private final StatsHistory history;
    private final StatsSampler sampler;
    private final AuditLog audit;
    private final ConsoleProperties properties;

    public GroupsController(ClusterAccess cluster, StatsHistory history, StatsSampler sampler, AuditLog audit,
                            ConsoleProperties properties) {
        this.cluster = cluster;
        this.history = history;
        this.sampler = sampler;
        this.audit = audit;
        this.properties = properties;
    }

    @GetMapping("/groups")
    public String list(@RequestParam(name = "q", defaultValue = "") String filter,
                       @RequestParam(name = "page", defaultValue = "0") int page, Model model) {
        model.addAttribute("section", "groups");
        model.addAttribute("q", filter);
        ClusterSnapshot snapshot = history.latest().orElse(null);
        List<GroupRow> rows = new ArrayList<>();
        if (snapshot != null) {
            String needle = filter.strip().toLowerCase(Locale.ROOT);
            for (GroupSettings settings : snapshot.groups().values()) {
                String name = settings.group();
                if (!needle.isEmpty() && !name.toLowerCase(Locale.ROOT).contains(needle)) {
                    continue;
                }
                GroupOffsets offsets = snapshot.groupQueues().get(name);
                TreeSet<String> topics = new TreeSet<>();
                if (offsets != null) {
                    offsets.queues().forEach(queue -> topics.add(queue.queue().topic()));
                }
                rows.add(new GroupRow(name, List.copyOf(topics), offsets == null ? 0 : offsets.totalLag(),
                        history.consumeRate(name), settings.retryMaxTimes(), settings.consumeEnable(),
                        snapshot.storedMessages(ClusterSnapshot.DLQ_PREFIX + name)));
            }
        }
        model.addAttribute("page", Page.of(rows, page, properties.pageSize()));
        return "console/groups";
    }

    @GetMapping("/groups/{name}")
    public String detail(@PathVariable("name") String name, Model model) {
        model.addAttribute("section", "groups");
        model.addAttribute("name", name);
        GroupSettings settings = cluster.admin().listGroups().get(name);
        model.addAttribute("settings", settings);
        GroupOffsets offsets;
        try {
            offsets = cluster.admin().groupOffsets(name);
        } catch (MqBrokerException e) {
            if (e.code() != ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST) {
                throw e;
            }
            model.addAttribute("missing", true);
            return "console/group";
        }
        model.addAttribute("offsets", offsets);
        ConsumerConnection members = members(name);
        model.addAttribute("members", members);
        TreeSet<String> topics = new TreeSet<>();
        offsets.queues().forEach(queue -> topics.add(queue.queue().topic()));
        if (members != null) {
            members.subscriptionTable().keySet().forEach(topics::add);
        }
        topics.removeIf(topic -> topic.startsWith(ClusterSnapshot.RETRY_PREFIX));
        model.addAttribute("topics", topics);
        Map<String, Long> lagByTopic = new TreeMap<>();
        offsets.queues().forEach(queue -> lagByTopic.merge(queue.queue().topic(), queue.lag(), Long::sum));
        model.addAttribute("lagByTopic", lagByTopic);
        model.addAttribute("rate", history.consumeRate(name));
        model.addAttribute("lagChart", Charts.of("messages", history.lagByTopic(name)));
        return "console/group";
    }

    @PostMapping("/groups/{name}/reset")
    public String reset(@PathVariable("name") String name, @RequestParam("topic") String topic,
                        @RequestParam("time") String time, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            LocalDateTime local = LocalDateTime.parse(time);
            var timestamp = local.atZone(ZoneId.systemDefault()).toInstant();
            Map<MessageQueue, Long> reset = cluster.admin().resetOffsetsByTime(name, topic, timestamp);
            String detail = "topic " + topic + " to " + local + ": " + describe(reset);
            audit.record(Actors.of(request, null), "offsets.reset", name, detail, "done");
            redirect.addFlashAttribute("notice", "Offsets of " + name + " reset on " + detail
                    + ". Running consumers continue from there; an offline group starts there when it comes back.");
            sampler.sampleNow();
        } catch (DateTimeParseException e) {
            redirect.addFlashAttribute("problem", "Not a time: '" + time + "' (use yyyy-MM-ddTHH:mm[:ss])");
        } catch (IllegalArgumentException | IllegalStateException | MqClientException e) {
            redirect.addFlashAttribute("problem", "Offsets of " + name + " were not reset: " + e.getMessage());
        }
        return "redirect:/groups/" + TopicsController.encode(name);
    }

    @PostMapping("/groups/{name}/skip")
    public String skip(@PathVariable("name") String name, @RequestParam("topic") String topic,
                       HttpServletRequest request, RedirectAttributes redirect) {
        try {
            Map<MessageQueue, Long> reset = cluster.admin().skipBacklog(name, topic);
            String detail = "topic " + topic + " to the end: " + describe(reset);
            audit.record(Actors.of(request, null), "offsets.skip", name, detail, "done");
            redirect.addFlashAttribute("notice", "Backlog of " + name + " skipped on " + detail + ".");
            sampler.sampleNow();
        } catch (IllegalArgumentException | IllegalStateException | MqClientException e) {
            redirect.addFlashAttribute("problem", "Backlog of " + name + " was not skipped: " + e.getMessage());
        }
        return "redirect:/groups/" + TopicsController.encode(name);
    }

    private ConsumerConnection members(String group) {
        try {
            return cluster.admin().groupMembers(group);
        } catch (MqBrokerException e) {
            if (e.code() == ResponseCode.CONSUMER_NOT_ONLINE) {
                return null;
            }
            throw e;
        }
    }

    private static String describe(Map<MessageQueue, Long> reset) {
        List<String> queues = new ArrayList<>();
        reset.forEach((queue, offset) -> queues.add(queue.brokerName() + "/" + queue.queueId() + "→" + offset));
        return String.join(", ", queues);
    }

    /**
     * A group as the list shows it.
     *
     * @param name          group
     * @param topics        topics it has offsets on
     * @param lag           messages stored but not consumed yet
     * @param rate          messages consumed per second, from the last two samples
     * @param retryMaxTimes failed deliveries before a message becomes a dead letter
     * @param consumeEnable whether it may consume
     * @param deadLetters   messages in its dead-letter queue
     */
    public record GroupRow(String name, List<String> topics, long lag, double rate, int retryMaxTimes,
                           boolean consumeEnable, long deadLetters) {
    }
}
