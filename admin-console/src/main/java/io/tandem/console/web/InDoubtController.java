package io.tandem.console.web;

import io.tandem.console.audit.AuditLog;
import io.tandem.console.coordinator.CoordinatorClient;
import io.tandem.console.coordinator.CoordinatorException;
import io.tandem.console.coordinator.HalfDetail;
import io.tandem.console.coordinator.HalfFilter;
import io.tandem.console.coordinator.OperatorOutcome;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.util.Optional;

/**
 * In-doubt transactions, through the coordinator's HTTP API: the halves (filtered by state, producer group, topic),
 * one half's checks, actions and decision (its audit trail), and forcing a commit or a rollback, or resuming a
 * parked half, each with the operator's name and a reason, which the coordinator requires and records.
 */
@Controller
public class InDoubtController {

    private final CoordinatorClient coordinator;
    private final AuditLog audit;
    private final Clock clock;

    public InDoubtController(CoordinatorClient coordinator, AuditLog audit, ObjectProvider<Clock> clock) {
        this.coordinator = coordinator;
        this.audit = audit;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @GetMapping("/transactions")
    public String list(@RequestParam(name = "state", defaultValue = "UNDECIDED") String state,
                       @RequestParam(name = "producerGroup", defaultValue = "") String producerGroup,
                       @RequestParam(name = "topic", defaultValue = "") String topic,
                       @RequestParam(name = "limit", defaultValue = "200") int limit, Model model) {
        model.addAttribute("section", "transactions");
        model.addAttribute("state", state);
        model.addAttribute("producerGroup", producerGroup);
        model.addAttribute("topic", topic);
        model.addAttribute("available", coordinator.available());
        if (!coordinator.available()) {
            return "console/transactions";
        }
        try {
            HalfFilter filter = new HalfFilter(state, producerGroup, topic, null, Math.max(1, Math.min(limit,
                    10_000)));
            model.addAttribute("halves", coordinator.halves(filter));
            model.addAttribute("statistics", coordinator.statistics());
        } catch (IllegalArgumentException | CoordinatorException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return "console/transactions";
    }

    @GetMapping("/transactions/{id}")
    public String detail(@PathVariable("id") long id, Model model) {
        model.addAttribute("section", "transactions");
        model.addAttribute("available", coordinator.available());
        model.addAttribute("id", id);
        try {
            Optional<HalfDetail> detail = coordinator.half(id);
            model.addAttribute("detail", detail.orElse(null));
            detail.ifPresent(found -> model.addAttribute("storedAtMs", found.storedAtMs(clock.millis())));
        } catch (CoordinatorException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return "console/transaction";
    }

    @PostMapping("/transactions/{id}/act")
    public String act(@PathVariable("id") long id, @RequestParam(name = "action", defaultValue = "") String action,
                      @RequestParam(name = "operator", defaultValue = "") String operator,
                      @RequestParam(name = "reason", defaultValue = "") String reason,
                      HttpServletRequest request, RedirectAttributes redirect) {
        String actor = request.getUserPrincipal() != null ? request.getUserPrincipal().getName() : operator.strip();
        if (actor.isEmpty() || reason.isBlank()) {
            redirect.addFlashAttribute("problem", "Nothing was done: give your name and the reason.");
            return "redirect:/transactions/" + id;
        }
        try {
            OperatorOutcome outcome = switch (action) {
                case "commit" -> coordinator.commit(id, actor, reason.strip());
                case "rollback" -> coordinator.rollback(id, actor, reason.strip());
                case "resume" -> coordinator.resume(id, actor, reason.strip());
                default -> throw new IllegalArgumentException("no such action: " + action);
            };
            audit.record(Actors.of(request, actor), "transaction." + action, "half " + id, "reason: "
                    + reason.strip(), outcome.done() ? "done" : outcome.outcome() + ": " + outcome.message());
            redirect.addFlashAttribute(outcome.done() ? "notice" : "problem", outcome.done()
                    ? "Half " + id + ": " + action + " done." : "Half " + id + ": " + outcome.message());
        } catch (IllegalArgumentException | CoordinatorException e) {
            redirect.addFlashAttribute("problem", "Half " + id + ": " + e.getMessage());
        }
        return "redirect:/transactions/" + id;
    }
}
