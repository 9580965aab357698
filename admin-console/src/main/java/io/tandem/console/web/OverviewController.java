package io.tandem.console.web;

import io.tandem.console.cluster.ClusterAccess;
import io.tandem.console.config.ConsoleProperties;
import io.tandem.console.coordinator.CoordinatorClient;
import io.tandem.console.coordinator.CoordinatorException;
import io.tandem.console.coordinator.HalfStatistics;
import io.tandem.console.message.DeadLetters;
import io.tandem.console.stats.ClusterSnapshot;
import io.tandem.console.stats.StatsHistory;
import io.tandem.protocol.route.BrokerData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview ({@code /}): brokers, topics and groups, disk use, message rates in and out over the sampled history,
 * undecided transactions and dead letters. {@code /overview/live} is the part the page refreshes.
 */
@Controller
public class OverviewController {

    private final StatsHistory history;
    private final CoordinatorClient coordinator;
    private final ConsoleProperties properties;
    private final ClusterAccess cluster;

    public OverviewController(StatsHistory history, CoordinatorClient coordinator, ConsoleProperties properties,
                              ClusterAccess cluster) {
        this.cluster = cluster;
        this.history = history;
        this.coordinator = coordinator;
        this.properties = properties;
    }

    @GetMapping("/")
    public String overview(Model model) {
        live(model);
        return "console/overview";
    }

    @GetMapping("/overview/live")
    public String liveFragment(Model model) {
        live(model);
        return "console/overview :: live";
    }

    private void live(Model model) {
        ClusterSnapshot snapshot = history.latest().orElse(null);
        model.addAttribute("section", "overview");
        model.addAttribute("snapshot", snapshot);
        if (snapshot != null) {
            List<BrokerRow> brokers = new ArrayList<>();
            snapshot.cluster().brokerAddrTable().values().forEach(broker -> brokers.add(BrokerRow.of(broker,
                    runtime(broker.masterAddress()))));
            model.addAttribute("brokers", brokers);
            long applicationTopics = snapshot.topics().keySet().stream()
                    .filter(topic -> !ClusterSnapshot.isSystemTopic(topic)).count();
            model.addAttribute("applicationTopics", applicationTopics);
            model.addAttribute("systemTopics", snapshot.topics().size() - applicationTopics);
            long stored = snapshot.topicQueues().keySet().stream()
                    .filter(topic -> !ClusterSnapshot.isSystemTopic(topic)).mapToLong(snapshot::storedMessages).sum();
            model.addAttribute("storedMessages", stored);
            long lag = snapshot.groupQueues().values().stream().mapToLong(group -> group.totalLag()).sum();
            model.addAttribute("totalLag", lag);
            List<DeadLetters.Queue> dlqs = DeadLetters.queues(snapshot);
            model.addAttribute("deadLetterQueues", dlqs);
            model.addAttribute("deadLetters", dlqs.stream().mapToLong(DeadLetters.Queue::messages).sum());
        }
        model.addAttribute("inRate", history.inRate());
        model.addAttribute("outRate", history.outRate());
        Map<String, List<io.tandem.console.stats.Point>> rates = new LinkedHashMap<>();
        rates.put("in", history.inRates());
        rates.put("out", history.outRates());
        model.addAttribute("rateChart", Charts.of("messages/s", rates));
        model.addAttribute("disk", DiskUse.of(properties.diskPath()));
        model.addAttribute("coordinatorConfigured", coordinator.available());
        if (coordinator.available()) {
            try {
                HalfStatistics statistics = coordinator.statistics();
                model.addAttribute("transactions", statistics);
            } catch (CoordinatorException e) {
                model.addAttribute("coordinatorProblem", e.getMessage());
            }
        }
    }

    /** What the broker at {@code address} reports now (GET_BROKER_RUNTIME_INFO), or why it could not be asked. */
    private BrokerRuntime runtime(String address) {
        if (address == null) {
            return BrokerRuntime.failed("no leader");
        }
        try {
            return BrokerRuntime.of(cluster.admin().brokerRuntimeInfo(address));
        } catch (RuntimeException e) {
            return BrokerRuntime.failed(e.getMessage());
        }
    }

    /**
     * A broker as the overview lists it.
     *
     * @param cluster   its cluster
     * @param name      its name
     * @param master    the master's address, or null
     * @param replicas  the other members' addresses
     * @param runtime   what its leader reports of itself
     */
    public record BrokerRow(String cluster, String name, String master, List<String> replicas,
                            BrokerRuntime runtime) {

        static BrokerRow of(BrokerData broker, BrokerRuntime runtime) {
            List<String> replicas = new ArrayList<>();
            broker.brokerAddrs().forEach((id, address) -> {
                if (id != BrokerData.MASTER_ID) {
                    replicas.add(address);
                }
            });
            return new BrokerRow(broker.cluster(), broker.brokerName(), broker.masterAddress(), replicas, runtime);
        }
    }
}
