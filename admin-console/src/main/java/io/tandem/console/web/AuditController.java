package io.tandem.console.web;

import io.tandem.console.audit.AuditLog;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's audit trail: every change made through it, newest first. */
@Controller
public class AuditController {

    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    public String audit(Model model) {
        model.addAttribute("section", "audit");
        model.addAttribute("entries", audit.newest(500));
        model.addAttribute("file", audit.file());
        return "console/audit";
    }
}
