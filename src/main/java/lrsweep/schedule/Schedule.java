package lrsweep.schedule;

import java.io.Serializable;

/**
 * A learning-rate schedule: the rate at step {@code t} (from 0) of a run of {@code n} steps, for
 * the trial's base rate {@code lr0}. Implementations are immutable records with their formula and
 * reference (Keras / PyTorch class) in the Javadoc.
 *
 * <p>A user's own schedule implements this interface too, in a public class from a jar given with
 * {@code --jars}, and a variant names it: {@code {type = class, class = "com.acme.MySchedule",
 * warmup = 3}}. Its instance is made through a public constructor taking a
 * {@code com.typesafe.config.Config}, which receives the variant's other keys ({@code warmup}
 * above; all but {@code type}, {@code class}, {@code name}, {@code unit} and {@code offset}) and
 * should refuse those it does not know; a class without parameters may have a public no-argument
 * constructor instead. The constructor runs once when the config is read (a constructor that
 * throws is a config error) and again in each thread that trains with it, so it should be cheap
 * and {@code rate} a pure function of its arguments; t and n count the variant's unit, after its
 * offset. The class need not be serializable: executors receive its name and keys.
 */
public interface Schedule extends Serializable {

    double rate(double lr0, long t, long n);
}
