package io.tandem.console.web;

import io.tandem.console.stats.Point;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Chart data as the page's script gives it to Chart.js: {@code {"unit": ..., "series": [{"label": ..., "points":
 * [[timeMs, value], ...]}]}}, written into a canvas's {@code data-chart} attribute.
 */
final class Charts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Charts() {
    }

    /** A chart of named series sharing one unit. */
    static String of(String unit, Map<String, List<Point>> series) {
        List<Map<String, Object>> lines = new ArrayList<>();
        series.forEach((label, points) -> {
            List<long[]> pairs = new ArrayList<>(points.size());
            for (Point point : points) {
                pairs.add(new long[] {point.timeMs(), point.value()});
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("label", label);
            line.put("points", pairs);
            lines.add(line);
        });
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("unit", unit);
        chart.put("times", times(series));
        chart.put("series", lines);
        return JSON.writeValueAsString(chart);
    }

    private static List<Long> times(Map<String, List<Point>> series) {
        TreeSet<Long> times = new TreeSet<>();
        series.values().forEach(points -> points.forEach(point -> times.add(point.timeMs())));
        return new ArrayList<>(times);
    }
}
