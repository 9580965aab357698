package io.tandem.coordinator.api;

import io.tandem.coordinator.audit.AuditedEndpoint;
import io.tandem.coordinator.audit.AuditedRequest;
import io.tandem.coordinator.operator.OperatorActions;
import io.tandem.coordinator.record.HalfQuery;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.record.RecordStatistics;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.protocol.txn.Decision;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The operators' HTTP API, under {@value #BASE_PATH}: list halves, read one half's whole record, force a commit or a
 * rollback with a reason, resume a parked half. A thin layer over {@link TransactionRecord} and
 * {@link OperatorActions}; see the module's README for the requests and answers.
 */
@RestController
@RequestMapping(TransactionController.BASE_PATH)
public class TransactionController {

    public static final String BASE_PATH = "/tandem/coordinator/halves";

    /** The audit names of the actions, also for requests refused before they reach this controller. */
    public static final List<AuditedEndpoint> AUDITED = List.of(
            new AuditedEndpoint("POST", BASE_PATH + "/{id}/commit", "FORCE_COMMIT", "half {id}"),
            new AuditedEndpoint("POST", BASE_PATH + "/{id}/rollback", "FORCE_ROLLBACK", "half {id}"),
            new AuditedEndpoint("POST", BASE_PATH + "/{id}/resume", "RESUME", "half {id}"));

    /**
     * A user with this role (authority {@code ROLE_ON_BEHALF}) acts for the operator its request names, recorded as
     * {@code "<operator> via <user>"}: the admin console of tandem-app, which checks its own users' roles before it
     * calls. Every other signed-in caller is recorded under its own name, whatever its request says.
     */
    public static final String ON_BEHALF_ROLE = "ON_BEHALF";

    private final TransactionRecord record;
    private final OperatorActions actions;
    private final Clock clock;

    public TransactionController(TransactionRecord record, OperatorActions actions, Clock clock) {
        this.record = record;
        this.actions = actions;
        this.clock = clock;
    }

    /**
     * Halves, oldest first. {@code state} is one of PENDING, PARKED, COMMITTED, ROLLED_BACK, UNDECIDED (pending and
     * parked, the default) or ALL; {@code transactionId} (the message's UNIQ_KEY) finds one message's half.
     */
    @GetMapping
    public ResponseEntity<List<HalfView>> list(@RequestParam(name = "state", defaultValue = "UNDECIDED") String state,
                                               @RequestParam(name = "producerGroup", required = false) String producerGroup,
                                               @RequestParam(name = "topic", required = false) String topic,
                                               @RequestParam(name = "transactionId", required = false)
                                               String transactionId,
                                               @RequestParam(name = "limit", defaultValue = "100") int limit) {
        Set<HalfState> states;
        try {
            states = states(state);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().build();
        }
        long nowMs = clock.millis();
        List<HalfView> halves = record.halves(new HalfQuery(states, blankToNull(producerGroup),
                        blankToNull(topic), blankToNull(transactionId), Math.max(1, Math.min(limit, 10_000)))).stream()
                .map(half -> HalfView.of(half, nowMs))
                .toList();
        return ResponseEntity.ok(halves);
    }

    /** Counts of undecided halves: pending, parked, and when the oldest was stored. */
    @GetMapping("/statistics")
    public RecordStatistics statistics() {
        return record.statistics();
    }

    /** One half with its check attempts, actions and decision. */
    @GetMapping("/{id}")
    public ResponseEntity<HalfDetailView> detail(@PathVariable("id") long id) {
        return record.half(id)
                .map(half -> ResponseEntity.ok(new HalfDetailView(HalfView.of(half, clock.millis()),
                        record.attempts(id), record.actions(id), record.decision(id).orElse(null))))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** Forces a commit; the body's reason is required. */
    @PostMapping("/{id}/commit")
    public ResponseEntity<OperatorResponse> commit(@PathVariable("id") long id, @RequestBody OperatorRequest request,
                                                   HttpServletRequest caller) {
        return force(id, Decision.COMMIT, request, caller);
    }

    /** Forces a rollback; the body's reason is required. */
    @PostMapping("/{id}/rollback")
    public ResponseEntity<OperatorResponse> rollback(@PathVariable("id") long id, @RequestBody OperatorRequest request,
                                                     HttpServletRequest caller) {
        return force(id, Decision.ROLLBACK, request, caller);
    }

    /** Resumes the checks of a parked half; the body's reason is required. */
    @PostMapping("/{id}/resume")
    public ResponseEntity<OperatorResponse> resume(@PathVariable("id") long id, @RequestBody OperatorRequest request,
                                                   HttpServletRequest caller) {
        note(id, request, caller.getUserPrincipal());
        if (request.reason() == null || request.reason().isBlank()) {
            return invalid(new IllegalArgumentException("reason is required"));
        }
        try {
            return answer(id, actions.resume(id, operator(request, caller), request.reason()));
        } catch (IllegalArgumentException e) {
            return invalid(e);
        }
    }

    private ResponseEntity<OperatorResponse> force(long id, Decision decision, OperatorRequest request,
                                                   HttpServletRequest caller) {
        note(id, request, caller.getUserPrincipal());
        try {
            return answer(id, actions.force(id, decision, operator(request, caller), request.reason()));
        } catch (IllegalArgumentException e) {
            return invalid(e);
        }
    }

    private ResponseEntity<OperatorResponse> answer(long id, OperatorActions.Outcome outcome) {
        HalfView half = record.half(id).map(found -> HalfView.of(found, clock.millis())).orElse(null);
        HttpStatus status = switch (outcome) {
            case DONE -> HttpStatus.OK;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_DECIDED, NOT_PARKED -> HttpStatus.CONFLICT;
            case BROKER_FAILED -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        String message = switch (outcome) {
            case DONE -> "done";
            case NOT_FOUND -> "no half " + id + " in the record";
            case ALREADY_DECIDED -> "half " + id + " is already decided"
                    + (half != null && half.decision() != null ? " (" + half.decision() + " by " + half.decisionSource()
                    + ")" : "");
            case NOT_PARKED -> "half " + id + " is not parked";
            case BROKER_FAILED -> "the broker could not be asked; nothing changed";
        };
        AuditedRequest.current().ifPresent(audit -> audit.detail(outcome.name() + ": " + message));
        return ResponseEntity.status(status).body(new OperatorResponse(outcome.name(), message, half));
    }

    private static ResponseEntity<OperatorResponse> invalid(IllegalArgumentException e) {
        AuditedRequest.current().ifPresent(audit -> audit.detail("INVALID: " + e.getMessage()));
        return ResponseEntity.badRequest().body(new OperatorResponse("INVALID", e.getMessage(), null));
    }

    /** Adds the transaction and the reason to the request's audit entry. */
    private void note(long id, OperatorRequest request, Principal principal) {
        AuditedRequest.current().ifPresent(audit -> {
            String transactionId = record.half(id).map(HalfRecord::transactionId).orElse(null);
            audit.target("half " + id + (transactionId != null ? " (transaction " + transactionId + ")" : ""))
                    .reason(request.reason());
            if (principal == null) {
                audit.claimedActor(request.operator());
            }
        });
    }

    /**
     * The signed-in user; for a user with the role {@value #ON_BEHALF_ROLE} that names an operator in the body,
     * {@code "<operator> via <user>"}; without logins, the body's operator.
     */
    private static String operator(OperatorRequest request, HttpServletRequest caller) {
        if (caller.getUserPrincipal() == null) {
            return request.operator();
        }
        String user = caller.getUserPrincipal().getName();
        if (request.operator() != null && !request.operator().isBlank() && caller.isUserInRole(ON_BEHALF_ROLE)) {
            return request.operator().strip() + " via " + user;
        }
        return user;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Set<HalfState> states(String state) {
        return switch (state.toUpperCase(Locale.ROOT)) {
            case "UNDECIDED" -> EnumSet.of(HalfState.PENDING, HalfState.PARKED);
            case "ALL" -> EnumSet.allOf(HalfState.class);
            default -> EnumSet.of(HalfState.valueOf(state.toUpperCase(Locale.ROOT)));
        };
    }
}
