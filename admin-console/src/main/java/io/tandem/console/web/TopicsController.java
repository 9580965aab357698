package io.tandem.console.web;

import io.tandem.client.MqClientException;
import io.tandem.client.admin.GroupOffsets;
import io.tandem.client.admin.QueueStats;
import io.tandem.client.admin.TopicSettings;
import io.tandem.console.config.ConsoleProperties;
import io.tandem.console.audit.AuditLog;
import io.tandem.console.cluster.ClusterAccess;
import io.tandem.console.stats.ClusterSnapshot;
import io.tandem.console.stats.StatsHistory;
import io.tandem.console.stats.StatsSampler;
import io.tandem.protocol.route.Permission;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Topics: the list with queues, offsets and rates (from the latest sample, filtered and paged), one topic's queues
 * (read live), and creating, updating and deleting topics (each recorded in the audit trail).
 */
@Controller
public class TopicsController {

    private final ClusterAccess cluster;
    private final StatsHistory history;
    private final StatsSampler sampler;
    private final AuditLog audit;
    private final ConsoleProperties properties;

    public TopicsController(ClusterAccess cluster, StatsHistory history, StatsSampler sampler, AuditLog audit,
                            ConsoleProperties properties) {
        this.cluster = cluster;
        this.history = history;
        this.sampler = sampler;
        this.audit = audit;
        this.properties = properties;
    }

    @GetMapping("/topics")
    public String list(@RequestParam(name = "q", defaultValue = "") String filter,
                       @RequestParam(name = "system", defaultValue = "false") boolean system,
                       @RequestParam(name = "page", defaultValue = "0") int page, Model model) {
        model.addAttribute("section", "topics");
        model.addAttribute("q", filter);
        model.addAttribute("system", system);
        ClusterSnapshot snapshot = history.latest().orElse(null);
        List<TopicRow> rows = new ArrayList<>();
        if (snapshot != null) {
            String needle = filter.strip().toLowerCase(Locale.ROOT);
            for (TopicSettings settings : snapshot.topics().values()) {
                String name = settings.topic();
                if ((!system && ClusterSnapshot.isSystemTopic(name))
                        || (!needle.isEmpty() && !name.toLowerCase(Locale.ROOT).contains(needle))) {
                    continue;
                }
                rows.add(new TopicRow(name, settings.readQueueNums(), settings.writeQueueNums(),
                        permission(settings.perm()), settings.order(), snapshot.storedMessages(name),
                        snapshot.writtenMessages(name), history.topicRate(name)));
            }
        }
        model.addAttribute("page", Page.of(rows, page, properties.pageSize()));
        return "console/topics";
    }

    @GetMapping("/topics/{name}")
    public String detail(@PathVariable("name") String name, Model model) {
        model.addAttribute("section", "topics");
        model.addAttribute("name", name);
        ClusterSnapshot snapshot = history.latest().orElse(null);
        TopicSettings settings = cluster.admin().topicSettings().get(name);
        if (settings == null) {
            model.addAttribute("missing", true);
            return "console/topic";
        }
        List<QueueStats> queues = cluster.admin().topicStats(name);
        model.addAttribute("settings", settings);
        model.addAttribute("readable", Permission.isReadable(settings.perm()));
        model.addAttribute("writable", Permission.isWriteable(settings.perm()));
        model.addAttribute("permission", permission(settings.perm()));
        model.addAttribute("queues", queues);
        model.addAttribute("stored", queues.stream().mapToLong(queue -> queue.maxOffset() - queue.minOffset()).sum());
        model.addAttribute("rate", history.topicRate(name));
        model.addAttribute("rateChart", Charts.of("messages/s", Map.of("in", history.topicRates(name))));
        TreeSet<String> groups = new TreeSet<>();
        if (snapshot != null) {
            snapshot.groupQueues().forEach((group, offsets) -> {
                for (GroupOffsets.QueueLag queue : offsets.queues()) {
                    if (queue.queue().topic().equals(name)) {
                        groups.add(group);
                    }
                }
            });
        }
        model.addAttribute("groups", groups);
        return "console/topic";
    }

    @PostMapping("/topics")
    public String create(@RequestParam("name") String name, @RequestParam(name = "queues", defaultValue = "4") int queues,
                         @RequestParam(name = "order", defaultValue = "false") boolean order,
                         HttpServletRequest request, RedirectAttributes redirect) {
        String actor = Actors.of(request, null);
        String topic = name.strip();
        try {
            TopicSettings settings = new TopicSettings(topic, queues, queues, Permission.READ | Permission.WRITE,
                    order);
            if (cluster.admin().topicSettings().containsKey(topic)) {
                throw new IllegalArgumentException("topic " + topic + " exists already: change it on its page");
            }
            cluster.admin().createTopic(settings);
            audit.record(actor, "topic.create", topic, queues + " queues" + (order ? ", ordered" : ""), "done");
        } catch (IllegalArgumentException | MqClientException e) {
            redirect.addFlashAttribute("problem", "Topic " + topic + " was not created: " + e.getMessage());
            return "redirect:/topics";
        }
        sampler.sampleNow();
        redirect.addFlashAttribute("notice", "Topic " + topic + " created with " + queues + " queues.");
        return "redirect:/topics/" + encode(topic);
    }

    @PostMapping("/topics/{name}/update")
    public String update(@PathVariable("name") String name, @RequestParam("readQueues") int readQueues,
                         @RequestParam("writeQueues") int writeQueues,
                         @RequestParam(name = "readable", defaultValue = "false") boolean readable,
                         @RequestParam(name = "writable", defaultValue = "false") boolean writable,
                         @RequestParam(name = "order", defaultValue = "false") boolean order,
                         HttpServletRequest request, RedirectAttributes redirect) {
        int perm = (readable ? Permission.READ : 0) | (writable ? Permission.WRITE : 0);
        String detail = readQueues + " read / " + writeQueues + " write queues, " + permission(perm)
                + (order ? ", ordered" : "");
        try {
            cluster.admin().createTopic(new TopicSettings(name, readQueues, writeQueues, perm, order));
            audit.record(Actors.of(request, null), "topic.update", name, detail, "done");
            sampler.sampleNow();
            redirect.addFlashAttribute("notice", "Topic " + name + " updated: " + detail + ".");
        } catch (IllegalArgumentException | MqClientException e) {
            redirect.addFlashAttribute("problem", "Topic " + name + " was not updated: " + e.getMessage());
        }
        return "redirect:/topics/" + encode(name);
    }

    @PostMapping("/topics/{name}/delete")
    public String delete(@PathVariable("name") String name, @RequestParam(name = "confirm", defaultValue = "")
                         String confirm, HttpServletRequest request, RedirectAttributes redirect) {
        if (!name.equals(confirm.strip())) {
            redirect.addFlashAttribute("problem", "Topic " + name + " was not deleted: type its name to confirm.");
            return "redirect:/topics/" + encode(name);
        }
        try {
            cluster.admin().deleteTopic(name);
            audit.record(Actors.of(request, null), "topic.delete", name, "deleted with its messages", "done");
        } catch (MqClientException e) {
            redirect.addFlashAttribute("problem", "Topic " + name + " was not deleted: " + e.getMessage());
            return "redirect:/topics/" + encode(name);
        }
        sampler.sampleNow();
        redirect.addFlashAttribute("notice", "Topic " + name + " deleted.");
        return "redirect:/topics";
    }

    static String permission(int perm) {
        String text = (Permission.isReadable(perm) ? "read" : "") + (Permission.isReadable(perm)
                && Permission.isWriteable(perm) ? " + " : "") + (Permission.isWriteable(perm) ? "write" : "");
        return text.isEmpty() ? "none" : text;
    }

    static String encode(String segment) {
        return UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8);
    }

    /**
     * A topic as the list shows it.
     *
     * @param name        topic
     * @param readQueues  readable queues
     * @param writeQueues writable queues
     * @param permission  read / write
     * @param order       ordered topic
     * @param stored      messages it holds
     * @param written     messages ever written (sum of max offsets)
     * @param rate        messages written per second, from the last two samples
     */
    public record TopicRow(String name, int readQueues, int writeQueues, String permission, boolean order,
                           long stored, long written, double rate) {
    }
}
