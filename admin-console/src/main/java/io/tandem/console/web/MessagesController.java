package io.tandem.console.web;

import io.tandem.client.MqClientException;
import io.tandem.client.ReceivedMessage;
import io.tandem.console.message.BodyPreview;
import io.tandem.console.message.MessageSearch;
import io.tandem.protocol.message.MessageSysFlag;
import io.tandem.protocol.message.PropertyKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;

/**
 * Messages: search by topic and time range, by business key, by message id; one message's properties and body
 * (text, indented JSON, hex) and its download.
 */
@Controller
public class MessagesController {

    /** Body bytes the detail page shows; the download has the whole body. */
    static final int PREVIEW_BYTES = 64 * 1024;

    private final MessageSearch search;
    private final Clock clock;

    public MessagesController(MessageSearch search, ObjectProvider<Clock> clock) {
        this.search = search;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @GetMapping("/messages")
    public String search(@RequestParam(name = "mode", defaultValue = "time") String mode,
                         @RequestParam(name = "topic", defaultValue = "") String topic,
                         @RequestParam(name = "key", defaultValue = "") String key,
                         @RequestParam(name = "id", defaultValue = "") String id,
                         @RequestParam(name = "from", required = false) String from,
                         @RequestParam(name = "to", required = false) String to,
                         @RequestParam(name = "max", defaultValue = "50") int max, Model model) {
        model.addAttribute("section", "messages");
        model.addAttribute("mode", mode);
        model.addAttribute("topic", topic);
        model.addAttribute("key", key);
        model.addAttribute("id", id);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("max", max);
        boolean asked = switch (mode) {
            case "key" -> !key.isBlank();
            case "id" -> !id.isBlank();
            default -> !topic.isBlank();
        };
        if (!asked) {
            return "console/messages";
        }
        try {
            int limit = Math.max(1, Math.min(max, MessageSearch.MAX_RESULTS));
            Duration span = "time".equals(mode) ? Duration.ofHours(1) : Duration.ofDays(3);
            TimeRange range = TimeRange.parse(from, to, span, clock);
            List<ReceivedMessage> found = switch (mode) {
                case "key" -> search.byKey(topic, key, range.begin(), range.end(), limit);
                case "id" -> search.byId(topic, id, range.begin(), range.end());
                default -> search.byTime(topic, range.begin(), range.end(), limit);
            };
            model.addAttribute("results", found);
            model.addAttribute("range", range);
        } catch (IllegalArgumentException | MqClientException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return "console/messages";
    }

    @GetMapping("/messages/{offsetMessageId}")
    public String detail(@PathVariable("offsetMessageId") String offsetMessageId, Model model) {
        model.addAttribute("section", "messages");
        ReceivedMessage message = search.view(offsetMessageId);
        model.addAttribute("message", message);
        model.addAttribute("properties", new TreeMap<>(message.properties()));
        model.addAttribute("preview", BodyPreview.of(message.body(), PREVIEW_BYTES));
        model.addAttribute("transactional", MessageSysFlag.transactionType(message.sysFlag())
                != MessageSysFlag.TRANSACTION_NOT_TYPE || "true".equals(message.property(PropertyKeys.TRAN_MSG)));
        return "console/message";
    }

    @GetMapping("/messages/{offsetMessageId}/body")
    public ResponseEntity<byte[]> body(@PathVariable("offsetMessageId") String offsetMessageId) {
        ReceivedMessage message = search.view(offsetMessageId);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(offsetMessageId + ".bin").build().toString())
                .body(message.body());
    }
}
