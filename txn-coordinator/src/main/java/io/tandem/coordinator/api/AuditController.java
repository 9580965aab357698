package io.tandem.coordinator.api;

import io.tandem.coordinator.audit.AuditPage;
import io.tandem.coordinator.audit.AuditQuery;
import io.tandem.coordinator.audit.AuditTrail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The audit trail of the HTTP ports, read-only, under {@value #PATH}: newest first, a page at a time, filtered by
 * actor, action and time (ISO-8601 instants, {@code from} inclusive, {@code to} exclusive). See the module's README.
 */
@RestController
@RequestMapping(AuditController.PATH)
public class AuditController {

    public static final String PATH = "/tandem/coordinator/audit";

    private final AuditTrail trail;

    public AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    /** A page of entries; 400 with a message naming the bad parameter. */
    @GetMapping
    public ResponseEntity<?> entries(@RequestParam(name = "actor", required = false) String actor,
                                     @RequestParam(name = "action", required = false) String action,
                                     @RequestParam(name = "from", required = false) String from,
                                     @RequestParam(name = "to", required = false) String to,
                                     @RequestParam(name = "page", defaultValue = "0") int page,
                                     @RequestParam(name = "size", defaultValue = "50") int size) {
        AuditPage found;
        try {
            found = trail.find(new AuditQuery(blankToNull(actor), blankToNull(action), instant("from", from),
                    instant("to", to), page, size));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
        return ResponseEntity.ok(found);
    }

    private static Long instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-12-06T04:00:00Z, was '"
                    + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
