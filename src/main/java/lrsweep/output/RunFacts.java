package lrsweep.output;

/**
 * What the reports say about a run besides its trial results.
 *
 * @param config    the resolved config as written to {@code config.conf}
 * @param execution how the run executed; null when the reports are rebuilt from the Parquet tables,
 *                  which do not record it
 */
public record RunFacts(String sweepName, String config, Execution execution) {

    /**
     * @param taskSlots Spark's default parallelism: how many trials ran at once
     */
    public record Execution(long wallMillis, String master, int taskSlots) {}
}
