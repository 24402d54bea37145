package lrsweep.output;

/**
 * What the reports say about a run besides its trial results.
 *
 * @param config    the resolved config as written to {@code config.conf}
 * @param execution how the run executed; null when the reports are rebuilt from the Parquet tables,
 *                  which do not record it
 * @param partial   null for a finished sweep; else what the report is of, e.g. "5 of 16 trials (the
 *                  sweep was interrupted; --resume continues it)"
 * @param judging   how the verdict ranks and which trials it calls unstable
 */
public record RunFacts(String sweepName, String config, Execution execution, String partial, lrsweep.config.Judging judging) {

    /**
     * @param taskSlots Spark's default parallelism: how many trials ran at once
     */
    public record Execution(long wallMillis, String master, int taskSlots) {}
}
