package lrsweep.output;

import static lrsweep.store.ParquetTable.Type.DOUBLE;
import static lrsweep.store.ParquetTable.Type.INT;
import static lrsweep.store.ParquetTable.Type.STRING;
import static lrsweep.store.ParquetTable.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lrsweep.train.RangeTrace;
import lrsweep.store.ParquetTable;
import lrsweep.store.SweepStore;

/**
 * The outputs of a range test, in one folder: {@code trace/} (Parquet: one row per minibatch),
 * {@code lr-find.json} (each optimizer's suggestions, and the settings the tests ran with) and
 * {@code lr-find.svg} (smoothed loss against rate, log-x, the suggestions marked).
 */
public final class FinderReport {

    /** The folder a sweep with {@code learning-rates = auto} keeps its range test in. */
    public static final String FOLDER = "lr-find/";
    public static final String JSON = "lr-find.json";
    static final String PLOT = "lr-find.svg";

    static final ParquetTable TRACE = ParquetTable.of(
            required("test_id", STRING),
            required("seed", INT),
            required("step", INT),
            required("learning_rate", DOUBLE),
            required("loss", DOUBLE),
            required("smoothed_loss", DOUBLE));

    /**
     * An optimizer's suggestions over its range tests (geometric means when several seeds ran).
     *
     * @param optimizer      the optimizer's name
     * @param steepest       the rate of steepest descent of the smoothed loss
     * @param minLossOver10  the rate at the minimum smoothed loss ÷ 10
     */
    public record Finding(String optimizer, double steepest, double minLossOver10) {
        /** Where an auto grid is centred: between the two rules, in log space. */
        public double centre() {
            return Math.sqrt(steepest * minLossOver10);
        }
    }

    private FinderReport() {}

    /**
     * Writes the outputs into {@code folder} of {@code store} ("" for its top); lr-find.json also
     * records {@code inputs}, the settings and data the tests ran with, for {@link #recorded}.
     *
     * @param traces each optimizer's tests, by its name
     * @return each optimizer's finding, in the order of {@code traces}
     */
    public static List<Finding> write(SweepStore store, String folder, Map<String, List<RangeTrace>> traces, String inputs)
            throws IOException {
        List<Finding> findings = traces.entrySet().stream().map(e -> new Finding(e.getKey(),
                geometricMean(e.getValue().stream().mapToDouble(RangeTrace::steepest).toArray()),
                geometricMean(e.getValue().stream().mapToDouble(RangeTrace::minLossOver10).toArray()))).toList();
        List<RangeTrace> all = traces.values().stream().flatMap(List::stream).toList();
        TRACE.write(store, folder + "trace", all.stream().flatMap(t -> t.points().stream().map(p ->
                new Object[] {t.id(), t.seed(), p.step(), p.learningRate(), p.loss(), p.smoothedLoss()})).iterator());
        store.writeString(folder + JSON, json(all, findings, inputs));
        store.writeString(folder + PLOT, svg(all, findings));
        return findings;
    }

    /**
     * The finding that {@code folder} of {@code store} records in lr-find.json, if the tests there
     * ran with these {@code inputs}: a resumed sweep need not test again.
     */
    public static Optional<List<Finding>> recorded(SweepStore store, String folder, String inputs) throws IOException {
        if (!store.exists(folder + JSON)) {
            return Optional.empty();
        }
        JsonNode root = new ObjectMapper().readTree(store.read(folder + JSON));
        if (!inputs.equals(root.path("inputs").asText(null)) || !root.path("suggestions").isArray()) {
            return Optional.empty();
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode s : root.get("suggestions")) {
            if (!s.path("steepest").isNumber() || !s.path("min_loss_over_10").isNumber()) {
                return Optional.empty();
            }
            findings.add(new Finding(s.path("optimizer").asText(), s.get("steepest").asDouble(), s.get("min_loss_over_10").asDouble()));
        }
        return Optional.of(findings);
    }

    private static String json(List<RangeTrace> traces, List<Finding> findings, String inputs) throws IOException {
        var mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        var suggestions = root.putArray("suggestions");
        for (Finding finding : findings) {
            suggestions.addObject().put("optimizer", finding.optimizer()).put("steepest", finding.steepest())
                    .put("min_loss_over_10", finding.minLossOver10()).put("centre", finding.centre());
        }
        var tests = root.putArray("tests");
        for (RangeTrace t : traces) {
            tests.addObject().put("test_id", t.id()).put("seed", t.seed()).put("steps", t.points().size())
                    .put("stopped_early", t.stoppedEarly()).put("steepest", t.steepest()).put("min_loss_over_10", t.minLossOver10());
        }
        root.put("inputs", inputs);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** The smoothed loss of each test against the rate, log-x, with each optimizer's suggestions marked. */
    public static String svg(List<RangeTrace> traces, List<Finding> findings) {
        var chart = new SvgChart("Learning-rate range test", "learning rate (log scale)", "loss").logX(true);
        int colour = 0;
        for (RangeTrace t : traces) {
            double[] lr = t.points().stream().mapToDouble(RangeTrace.Point::learningRate).toArray();
            String c = SvgChart.PALETTE.get(colour++ % SvgChart.PALETTE.size());
            chart.add(new SvgChart.Series("smoothed " + t.id(), c, lr,
                    t.points().stream().mapToDouble(RangeTrace.Point::smoothedLoss).toArray(), false));
        }
        // the loss runs off after the minimum: keep the y range to where the curve is informative
        double low = traces.stream().flatMap(t -> t.points().stream()).mapToDouble(RangeTrace.Point::smoothedLoss).min().orElse(0);
        double start = traces.stream().mapToDouble(t -> t.points().get(0).smoothedLoss()).max().orElse(1);
        chart.yRange(Math.max(0, low * 0.9), Math.max(start, low) * 1.3);
        for (Finding finding : findings) {
            String optimizer = findings.size() == 1 ? "" : finding.optimizer() + " ";
            chart.mark(new SvgChart.Marker(finding.steepest(), optimizer + "steepest " + TrialText.rate(finding.steepest()), "#e15759"));
            chart.mark(new SvgChart.Marker(finding.minLossOver10(), optimizer + "min/10 " + TrialText.rate(finding.minLossOver10()), "#59a14f"));
        }
        return chart.render("lr-find-chart");
    }

    private static double geometricMean(double[] values) {
        double logSum = 0;
        for (double v : values) {
            logSum += Math.log(v);
        }
        return Math.exp(logSum / values.length);
    }
}
