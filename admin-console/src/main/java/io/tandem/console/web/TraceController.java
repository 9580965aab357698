package io.tandem.console.web;

import io.tandem.client.MqClientException;
import io.tandem.console.coordinator.CoordinatorException;
import io.tandem.console.trace.MessageTracer;
import io.tandem.console.trace.Timeline;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;

/** The trace timeline of one message (by id) or of the messages of one business key. */
@Controller
public class TraceController {

    private final MessageTracer tracer;

    public TraceController(MessageTracer tracer) {
        this.tracer = tracer;
    }

    @GetMapping("/trace")
    public String trace(@RequestParam(name = "topic", defaultValue = "") String topic,
                        @RequestParam(name = "id", defaultValue = "") String id,
                        @RequestParam(name = "key", defaultValue = "") String key, Model model) {
        model.addAttribute("section", "trace");
        model.addAttribute("topic", topic);
        model.addAttribute("id", id);
        model.addAttribute("key", key);
        if (id.isBlank() && key.isBlank()) {
            return "console/trace";
        }
        try {
            List<Timeline> timelines = id.isBlank() ? tracer.byKey(topic, key) : tracer.byId(topic, id);
            model.addAttribute("timelines", timelines);
        } catch (IllegalArgumentException | MqClientException | CoordinatorException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return "console/trace";
    }
}
