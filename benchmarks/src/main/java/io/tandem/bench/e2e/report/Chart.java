package io.tandem.bench.e2e.report;

import io.tandem.bench.e2e.RunResult;
import io.tandem.bench.e2e.measure.LatencySummary;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One PNG of a comparison, five panels stacked: throughput, publish latency p50, p99 and p99.9, and end-to-end p99,
 * each with a bar per target for every workload, on logarithmic axes (the figures span three orders of magnitude).
 */
public final class Chart {

    private static final int WIDTH = 1400;
    private static final int PANEL_HEIGHT = 380;
    private static final Color[] TARGET_COLOURS = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf)};

    private Chart() {
    }

    public static void write(Path file, String title, List<RunResult> results) throws IOException {
        List<JFreeChart> panels = List.of(
                panel("Producer throughput (higher is better)", "messages/s", results,
                        RunResult::messagesPerSecond, false),
                panel("Publish latency p50 (lower is better)", "µs", results,
                        result -> result.publishLatency().p50Us(), true),
                panel("Publish latency p99", "µs", results, result -> result.publishLatency().p99Us(), true),
                panel("Publish latency p99.9", "µs", results, result -> result.publishLatency().p999Us(), true),
                panel("End-to-end latency p99", "µs", results, result -> result.endToEndLatency().p99Us(), true));
        int titleHeight = 50;
        BufferedImage image = new BufferedImage(WIDTH, titleHeight + PANEL_HEIGHT * panels.size(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 20))
                    .draw(graphics, new Rectangle2D.Double(0, 10, WIDTH, titleHeight - 10));
            for (int i = 0; i < panels.size(); i++) {
                panels.get(i).draw(graphics, new Rectangle2D.Double(0, titleHeight + (double) i * PANEL_HEIGHT, WIDTH,
                        PANEL_HEIGHT));
            }
        } finally {
            graphics.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static JFreeChart panel(String title, String unit, List<RunResult> results,
                                    ToDoubleFunction<RunResult> value, boolean latency) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (RunResult result : results) {
            LatencySummary measured = latency ? result.publishLatency() : null;
            boolean present = result.failure() == null && (measured == null || measured.count() > 0);
            double figure = present ? value.applyAsDouble(result) : Double.NaN;
            dataset.addValue(figure > 0 ? figure : null, result.target(), result.workload().id());
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, unit, dataset, PlotOrientation.VERTICAL, true,
                false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        LogAxis axis = new LogAxis(unit);
        axis.setBase(10);
        axis.setSmallestValue(1);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
        plot.setRangeAxis(axis);
        CategoryAxis categories = plot.getDomainAxis();
        categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        categories.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setBase(1);
        renderer.setIncludeBaseInRange(false);
        renderer.setItemMargin(0.02);
        for (int series = 0; series < dataset.getRowCount(); series++) {
            renderer.setSeriesPaint(series, TARGET_COLOURS[series % TARGET_COLOURS.length]);
        }
        return chart;
    }
}
