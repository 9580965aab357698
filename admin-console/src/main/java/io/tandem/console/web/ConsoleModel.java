package io.tandem.console.web;

import io.tandem.console.config.ConsoleProperties;
import io.tandem.console.stats.StatsHistory;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Model attributes every console page uses: {@code fmt} (formatting), {@code sampling} (the sampler's
 * state) and {@code sampleInterval}. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
public class ConsoleModel {

    private final Formats formats;
    private final StatsHistory history;
    private final String sampleInterval;

    public ConsoleModel(Formats formats, StatsHistory history, ConsoleProperties properties) {
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
}
