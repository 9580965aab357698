package io.tandem.console.web;

import io.tandem.console.config.ConsoleProperties;
import io.tandem.console.security.ConsoleAccess;
import io.tandem.console.security.ConsoleRole;
import io.tandem.console.stats.StatsHistory;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Model attributes every console page uses: {@code fmt} (formatting), {@code sampling} (the sampler's
 * state), {@code sampleInterval}, and who is signed in: {@code consoleUser} (null without logins),
 * {@code canOperate} and {@code canAdminister} (whether the buttons of operators' and admins' changes are enabled). */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
public class ConsoleModel {

    private final Formats formats;
    private final StatsHistory history;
    private final String sampleInterval;
    private final ConsoleAccess access;

    public ConsoleModel(Formats formats, StatsHistory history, ConsoleProperties properties,
                        ObjectProvider<ConsoleAccess> access) {
        this.access = access.getIfAvailable(() -> new ConsoleAccess(false));
        this.formats = formats;
        this.history = history;
        this.sampleInterval = formats.duration(properties.sampleInterval().toMillis());
    }

    @ModelAttribute("sampleInterval")
    public String sampleInterval() {
        return sampleInterval;
    }

    @ModelAttribute("fmt")
    public Formats formats() {
        return formats;
    }

    @ModelAttribute("sampling")
    public StatsHistory sampling() {
        return history;
    }

    @ModelAttribute("consoleUser")
    public String consoleUser(HttpServletRequest request) {
        return access.user(request);
    }

    @ModelAttribute("canOperate")
    public boolean canOperate(HttpServletRequest request) {
        return access.allows(request, ConsoleRole.OPERATOR);
    }

    @ModelAttribute("canAdminister")
    public boolean canAdminister(HttpServletRequest request) {
        return access.allows(request, ConsoleRole.ADMIN);
    }
}
