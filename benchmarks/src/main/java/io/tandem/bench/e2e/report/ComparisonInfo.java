package io.tandem.bench.e2e.report;

import java.util.List;

/**
 * What a comparison was: when, on which commit and machine, with which settings.
 *
 * @param date         UTC date it started, yyyy-MM-dd
 * @param commit       abbreviated commit of the working tree
 * @param dirty        whether the working tree had uncommitted changes
 * @param startedAt    ISO-8601 UTC start
 * @param finishedAt   ISO-8601 UTC end
 * @param command      how to run it again
 * @param targets      target labels, in run order
 * @param workloads    workload ids, in run order
 * @param machine      the machine
 * @param rocketMqJava java the RocketMQ processes ran on
 * @param note         free text for the reader, e.g. that other work shared the machine; may be null
 */
public record ComparisonInfo(String date, String commit, boolean dirty, String startedAt, String finishedAt,
                             String command, List<String> targets, List<String> workloads, Machine machine,
                             String rocketMqJava, String note) {
}
