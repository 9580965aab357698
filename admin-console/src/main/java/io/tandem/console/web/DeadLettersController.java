package io.tandem.console.web;

import io.tandem.client.MqClientException;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.console.audit.AuditEntry;
import io.tandem.console.audit.AuditLog;
import io.tandem.console.message.DeadLetters;
import io.tandem.console.stats.StatsHistory;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Dead letters: the queues and their sizes, one queue's messages, and resending one to its original topic. */
@Controller
public class DeadLettersController {

    private final DeadLetters deadLetters;
    private final StatsHistory history;
    private final AuditLog audit;
    private final Clock clock;

    public DeadLettersController(DeadLetters deadLetters, StatsHistory history, AuditLog audit,
                                 ObjectProvider<Clock> clock) {
        this.deadLetters = deadLetters;
        this.history = history;
        this.audit = audit;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @GetMapping("/dlq")
    public String list(@RequestParam(name = "topic", defaultValue = "") String topic,
                       @RequestParam(name = "from", required = false) String from,
                       @RequestParam(name = "to", required = false) String to, Model model) {
        model.addAttribute("section", "dlq");
        model.addAttribute("topic", topic);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("queues", history.latest().map(DeadLetters::queues).orElse(List.of()));
        if (topic.isBlank()) {
            return "console/dlq";
        }
        try {
            TimeRange range = TimeRange.parse(from, to, Duration.ofDays(7), clock);
            List<ReceivedMessage> messages = deadLetters.browse(topic, range.begin(), range.end(), 200);
            model.addAttribute("messages", messages);
            Map<String, String> originals = new HashMap<>();
            for (ReceivedMessage message : messages) {
                try {
                    originals.put(message.offsetMessageId(), DeadLetters.originalTopic(message));
                } catch (IllegalArgumentException e) {
                    originals.put(message.offsetMessageId(), "?");
                }
            }
            model.addAttribute("originals", originals);
            Map<String, AuditEntry> resent = new HashMap<>();
            for (AuditEntry entry : audit.newest(500)) {
                if (entry.action().equals("dlq.resend") && entry.outcome().equals("done")) {
                    resent.putIfAbsent(entry.target(), entry);
                }
            }
            model.addAttribute("resent", resent);
        } catch (IllegalArgumentException | MqClientException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return "console/dlq";
    }

    @PostMapping("/dlq/resend")
    public String resend(@RequestParam("id") String offsetMessageId, @RequestParam("topic") String topic,
                         HttpServletRequest request, RedirectAttributes redirect) {
        try {
            SendResult sent = deadLetters.resend(offsetMessageId, Actors.of(request, null));
            redirect.addFlashAttribute("notice", "Dead letter " + offsetMessageId + " resent as "
                    + sent.messageId() + " (" + sent.status() + ").");
        } catch (IllegalArgumentException | MqClientException e) {
            redirect.addFlashAttribute("problem", "Dead letter " + offsetMessageId + " was not resent: "
                    + e.getMessage());
        }
        redirect.addAttribute("topic", topic);
        return "redirect:/dlq";
    }
}
