/**
 * Stopping trials early, whatever search proposed them: a sealed {@link lrsweep.pruning.Pruner}
 * with one implementation per pruner, judging on the driver the rung reports trials send from
 * their executors. No Spark.
 */
package lrsweep.pruning;
