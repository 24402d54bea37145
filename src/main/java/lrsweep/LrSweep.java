package lrsweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import lrsweep.config.ConfigLoader;
import lrsweep.config.InputException;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataConfig;
import lrsweep.output.Ranking;
import lrsweep.output.ResultTables;
import lrsweep.store.ParquetTable;
import lrsweep.store.SweepStore;
import lrsweep.sweep.SweepJob;
import lrsweep.train.EpochRecord;
import lrsweep.train.TrialResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A sweep run from code or a notebook, on a {@link SparkSession} the caller owns and keeps: the
 * same sweep as {@code ./submit.sh run}, written to the same sweep directory, with its tables and
 * verdict handed back as DataFrames and a record.
 *
 * <pre>{@code
 * LrSweep.Result r = LrSweep.on(spark)
 *         .config("sweep.learning-rates = [0.1, 0.01]\ntrain.epochs = 2\noutput.dir = /tmp/sweeps")
 *         .train(trainDf).validation(valDf)   // optional: else data.* names the files
 *         .overwrite()                          // or resume(); neither: an existing sweep is refused
 *         .run();
 * r.trials().orderBy("best_val_loss").show();
 * r.best().ifPresent(b -> System.out.println(b.learningRate() + " " + b.schedule()));
 * }</pre>
 *
 * <p>A bad config throws the {@link ConfigException} the command line prints (it names the key,
 * where it came from and what is allowed); bad input (unreadable data, an existing sweep directory)
 * an {@link InputException} with the command line's message.
 *
 * <p>With DataFrames, their columns are read as a Parquet table's: the label
 * ({@code data.label-column}) and an MLlib Vector column ({@code data.features-column}, or one named
 * {@code features}) or numeric columns. They replace {@code data.format}, {@code data.dir},
 * {@code data.train-path} and {@code data.validation-path}; the other {@code data.*} keys apply as
 * to files. Without a validation DataFrame, {@code data.validation-split} holds a fraction of the
 * training DataFrame out. The sweep's {@code config.conf} records them as
 * {@code data.format = parquet, data.train-path = "dataframe:training"} (and
 * {@code "dataframe:validation"}); a resume keeps a trial only if the DataFrames hold the same
 * examples as when it was trained (their content is fingerprinted, not any files).
 *
 * <p>Not thread-safe: a builder for one run at a time, which may be run again (say after
 * {@link #resume()}).
 */
public final class LrSweep {

    /** What the config's own origin is called in messages when it is given as a HOCON string. */
    private static final String HOCON_ORIGIN = "LrSweep config";
    private static final String FRAMES_ORIGIN = "DataFrames given to LrSweep";

    private final SparkSession spark;
    private Config config = ConfigFactory.empty();
    private Dataset<Row> train;
    private Dataset<Row> validation;
    private SweepStore.Mode mode = SweepStore.Mode.NEW;
    private PrintStream progress = System.err;

    private LrSweep(SparkSession spark) {
        this.spark = Objects.requireNonNull(spark, "spark");
    }

    /** A sweep on {@code spark}, which stays open after it: its trials run as tasks of this session. */
    public static LrSweep on(SparkSession spark) {
        return new LrSweep(spark);
    }

    /**
     * The sweep config, as a config file would hold it (every key and default is in
     * {@code reference.conf}; defaults fill in the rest). Pass it as parsed
     * ({@code ConfigFactory.parseString}, {@code parseFile}), not {@code ConfigFactory.load()}, which
     * mixes in system properties: keys the sweep does not know are errors. A missing
     * {@code sweep.name} is {@code sweep}.
     */
    public LrSweep config(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        return this;
    }

    /** The sweep config as HOCON text, e.g. {@code "train.epochs = 2\nsweep.learning-rates = [0.1, 0.01]"}. */
    public LrSweep config(String hocon) {
        return config(ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(HOCON_ORIGIN)));
    }

    /** The training examples, instead of the files {@code data.*} names. */
    public LrSweep train(Dataset<Row> train) {
        this.train = Objects.requireNonNull(train, "train");
        return this;
    }

    /** The validation examples; without them, {@code data.validation-split} holds part of {@link #train} out. */
    public LrSweep validation(Dataset<Row> validation) {
        this.validation = Objects.requireNonNull(validation, "validation");
        return this;
    }

    /** Replaces an existing sweep directory, as {@code --overwrite}. */
    public LrSweep overwrite() {
        mode = SweepStore.Mode.OVERWRITE;
        return this;
    }

    /**
     * Continues an existing sweep directory, as {@code --resume}: finished trials of the same config
     * and data are kept, the rest train.
     */
    public LrSweep resume() {
        mode = SweepStore.Mode.RESUME;
        return this;
    }

    /** Where the progress line goes, every 5 seconds and at the end (default {@code System.err}, as the command line's). */
    public LrSweep progress(PrintStream out) {
        this.progress = Objects.requireNonNull(out, "out");
        return this;
    }

    /** No progress line. */
    public LrSweep quiet() {
        return progress(new PrintStream(OutputStream.nullOutputStream()));
    }

    /**
     * Validates the config, runs the sweep and writes its directory, as {@code ./submit.sh run}
     * does.
     *
     * @throws ConfigException a bad config key or value, named
     * @throws InputException  bad input: unreadable data or DataFrames, an existing sweep directory
     *                         without {@link #overwrite()} or {@link #resume()}, an unwritable output
     * @throws UncheckedIOException the sweep directory could not be written
     */
    public Result run() {
        SweepConfig sweep = ConfigLoader.fromConfig(withFrames(config), "sweep");
        var frames = train == null ? null : new SweepJob.Frames(train, validation);
        SweepJob.Outcome outcome;
        try {
            outcome = SweepJob.run(spark, sweep, frames, mode, progress, false);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) { // Spark's checked exceptions, thrown from Scala
            throw new IllegalStateException(e.getMessage(), e);
        }
        var results = outcome.results();
        return new Result(outcome.directory(), frame(ResultTables.TRIAL, ResultTables.trialRows(results, sweep.judging().unstableFactor())),
                frame(ResultTables.HISTORY, ResultTables.historyRows(results)), Ranking.best(results, sweep.judging().rankBy()).map(Best::of));
    }

    /**
     * The config with the DataFrames in place of data.*'s files. Which validation data is meant must
     * be unambiguous: a validation DataFrame, or a split of the training one, not both.
     */
    private Config withFrames(Config user) {
        if (train == null) {
            if (validation != null) {
                throw new InputException("a validation DataFrame without a training DataFrame: give train(...) too");
            }
            return user;
        }
        boolean split = user.hasPath("data.validation-split");
        if (validation == null && !split) {
            throw new InputException("no validation DataFrame: give validation(...), or set data.validation-split to hold "
                    + "a fraction of the training DataFrame out");
        }
        if (validation != null && split) {
            throw new ConfigException.BadValue(user.getValue("data.validation-split").origin(), "data.validation-split",
                    "a validation DataFrame is given too: split the training DataFrame or give a validation one, not both");
        }
        return user
                .withValue("data.format", ConfigValueFactory.fromAnyRef("parquet", FRAMES_ORIGIN))
                .withValue("data.train-path", ConfigValueFactory.fromAnyRef(DataConfig.TRAINING_FRAME, FRAMES_ORIGIN))
                .withValue("data.validation-path", ConfigValueFactory.fromAnyRef(validation == null ? null
                        : DataConfig.VALIDATION_FRAME, FRAMES_ORIGIN));
    }

    /** A result table as a DataFrame: the columns and rows the Parquet table has, from the same definition. */
    private Dataset<Row> frame(ParquetTable table, Stream<Object[]> rows) {
        StructType schema = new StructType(table.columns().stream()
                .map(c -> DataTypes.createStructField(c.name(), sparkType(c.type()), c.nullable()))
                .toArray(StructField[]::new));
        return spark.createDataFrame(rows.map(RowFactory::create).toList(), schema);
    }

    /** The type Spark reads a Parquet column of this type as. */
    private static DataType sparkType(ParquetTable.Type type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
        };
    }

    /**
     * A finished sweep.
     *
     * @param directory the sweep directory, {@code <output.dir>/<sweep.name>}
     * @param trials    one row per trial, as the sweep directory's {@code trials/} table
     * @param histories one row per trial per epoch, as {@code histories/}
     * @param best      the ok trial with the lowest validation loss ({@code best.json}'s {@code best});
     *                  empty if no trial finished ok
     */
    public record Result(String directory, Dataset<Row> trials, Dataset<Row> histories, Optional<Best> best) {}

    /**
     * The verdict: the best trial and what made it.
     *
     * @param scheduleSpec the schedule's full spec (HOCON), with the values a random search sampled
     * @param bestEpoch    the epoch (from 0) best by {@code sweep.objective} (by default the lowest validation loss)
     * @param bestValLoss  the validation loss at that epoch
     * @param objective    {@code sweep.objective}: val_loss, val_accuracy or val_mae
     * @param bestValue    the objective at that epoch
     */
    public record Best(String trialId, double learningRate, String schedule, String scheduleSpec, String optimizer,
            int seed, int bestEpoch, double bestValLoss, String objective, double bestValue) {

        static Best of(TrialResult r) {
            var t = r.trial();
            EpochRecord best = r.best().orElseThrow();
            var objective = t.train().objective();
            return new Best(t.id(), t.learningRate(), t.schedule().name(), t.schedule().spec(), t.train().optimizer().name(),
                    t.seed(), best.epoch(), best.valLoss(), objective.key(), objective.value(best));
        }
    }
}
