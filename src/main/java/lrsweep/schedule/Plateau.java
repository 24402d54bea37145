package lrsweep.schedule;

/** TEMPORARY stand-in until the schedule library lands (branch `schedule`). */
public record Plateau(double factor, int patience) implements Schedule {
    public double rate(double lr0, long t, long n) { return lr0; }
    public Tracker tracker(double lr0) { return new Tracker(); }
    public final class Tracker { public double step(double valLoss) { return 0; } }
}
