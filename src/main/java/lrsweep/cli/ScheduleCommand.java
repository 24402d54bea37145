package lrsweep.cli;

import java.io.PrintStream;
import java.util.List;

/** TEMPORARY stand-in until the schedule library lands (branch `schedule`). */
public final class ScheduleCommand {
    public static int run(List<String> args, PrintStream out, PrintStream err) { return 2; }
}
