package lrsweep.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lrsweep.output.SvgChart;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.schedule.Schedules;
import lrsweep.schedule.Unit;

/** {@code schedule}: prints a schedule variant's rates as CSV, to preview a spec before a sweep. */
public final class ScheduleCommand {

    static final String USAGE = """
            usage: schedule --spec '<HOCON object>' --lr LR --points N [--run N2] [--steps-per-epoch K] [--svg FILE] [--jars A,B]

            Prints the header t,lr and then N lines t,lr(t) for t = 0 .. N-1, at full double precision.
              --spec             one element of sweep.schedules, e.g. '{type: cosine, alpha: 0.01}'
              --lr               the base rate lr0
              --points           how many points to print; also the run length n unless --run is given
              --run              the run length n the schedule spans (default: --points)
              --steps-per-epoch  preview per minibatch step: t, N and --run count steps; an epoch-unit
                                 schedule then holds each epoch's rate for K steps (rate at t / K of
                                 a run of ceil(n / K) epochs), a step-unit one is evaluated at t
              --svg              also draw the rates as a line chart into FILE (SVG); the CSV is printed
              --jars             jars (comma-separated) holding the class of a {type: class, ...} spec
            Without --steps-per-epoch, t and n count the spec's own unit (epochs by default).
            Known types: %s
            plateau reacts to validation losses and cannot be previewed.
            Exit status: 0 on success, 2 on a bad spec or argument.
            """;

    private static final Set<String> OPTIONS = Set.of("--spec", "--lr", "--points", "--run", "--steps-per-epoch", "--svg", "--jars");
    /** Ten million lines of CSV is already more than a preview needs. */
    private static final long MAX_POINTS = 10_000_000;

    private ScheduleCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(usage());
            return 0;
        }
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        try {
            Map<String, String> opts = options(args);
            // a class-type spec loads the user's class through the context loader, as a sweep's tasks do
            try (URLClassLoader jars = new URLClassLoader(jars(opts.get("--jars")), context)) {
                thread.setContextClassLoader(jars);
                return preview(opts, out);
            } finally {
                thread.setContextClassLoader(context);
            }
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("schedule: " + e.getMessage());
            err.println("run 'schedule --help' for usage");
            return 2;
        } catch (IOException e) {
            err.println("schedule: cannot write the SVG: " + e);
            return 2; // an unwritable output is bad input, as for run
        }
    }

    private static int preview(Map<String, String> opts, PrintStream out) throws IOException {
        ScheduleVariant variant = Schedules.parse(spec(opts.get("--spec")), "--spec");
        if (variant.reactive()) {
            throw new IllegalArgumentException("plateau reacts to validation losses; it cannot be previewed without them");
        }
        double lr0 = rate(required(opts, "--lr"));
        long points = count("--points", required(opts, "--points"));
        if (points > MAX_POINTS) {
            throw new IllegalArgumentException("--points must be at most " + MAX_POINTS + " (got " + points + ")");
        }
        long run = count("--run", opts.getOrDefault("--run", Long.toString(points)));
        Long stepsPerEpoch = opts.containsKey("--steps-per-epoch")
                ? count("--steps-per-epoch", opts.get("--steps-per-epoch")) : null;
        double[] ts = new double[(int) points];
        double[] rates = new double[ts.length];
        StringBuilder csv = new StringBuilder("t,lr\n");
        for (int t = 0; t < ts.length; t++) {
            ts[t] = t;
            rates[t] = rate(variant, lr0, t, run, stepsPerEpoch);
            csv.append(t).append(',').append(rates[t]).append('\n');
        }
        out.print(csv);
        if (opts.containsKey("--svg")) {
            String unit = stepsPerEpoch != null ? "step" : variant.unit().name().toLowerCase(Locale.ROOT);
            var chart = new SvgChart(variant.name() + ", lr0 " + lr0, unit, "learning rate")
                    .add(new SvgChart.Series(variant.name(), SvgChart.PALETTE.get(0), ts, rates, false));
            Files.writeString(Path.of(opts.get("--svg")), chart.render("schedule") + "\n");
        }
        return 0;
    }

    /** The jars of {@code --jars A,B} (none when absent), each an existing file. */
    private static URL[] jars(String list) {
        if (list == null) {
            return new URL[0];
        }
        return Arrays.stream(list.split(",")).map(jar -> {
            Path path = Path.of(jar);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("--jars: no such file " + jar);
            }
            try {
                return path.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--jars: " + jar + ": " + e.getMessage());
            }
        }).toArray(URL[]::new);
    }

    static String usage() {
        return USAGE.formatted(String.join(", ", Schedules.types()));
    }

    private static double rate(ScheduleVariant v, double lr0, long step, long run, Long stepsPerEpoch) {
        if (stepsPerEpoch == null || v.unit() == Unit.STEP) {
            return v.rate(lr0, step, run);
        }
        return v.rate(lr0, step / stepsPerEpoch, Math.floorDiv(run + stepsPerEpoch - 1, stepsPerEpoch));
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String key = args.get(i);
            if (key.equals("--verbose")) {
                continue; // Main's, as for every command
            }
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown argument '" + key + "'; allowed: "
                        + String.join(", ", OPTIONS.stream().sorted().toList()) + ", --help");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            opts.put(key, args.get(++i));
        }
        return opts;
    }

    private static Config spec(String hocon) {
        if (hocon == null) {
            throw new IllegalArgumentException("--spec is required, e.g. --spec '{type: cosine}'");
        }
        return ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("--spec"));
    }

    private static String required(Map<String, String> opts, String key) {
        String value = opts.get(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        return value;
    }

    private static double rate(String value) {
        try {
            double x = Double.parseDouble(value);
            if (x > 0 && Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        throw new IllegalArgumentException("--lr must be a number > 0 (got " + value + ")");
    }

    private static long count(String key, String value) {
        try {
            long x = Long.parseLong(value);
            if (x >= 1) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        throw new IllegalArgumentException(key + " must be a whole number >= 1 (got " + value + ")");
    }
}
