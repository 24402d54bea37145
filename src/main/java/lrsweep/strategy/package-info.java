/**
 * How a sweep chooses its trials: a sealed {@link lrsweep.strategy.SearchStrategy} with one
 * implementation per search (grid, random, auto, tpe, pbt) that proposes trials and observes their
 * results (pbt trains its population in segments instead), and {@link lrsweep.strategy.TrialKeys}, a trial's identity. No Spark: the driver's
 * runner trains what a strategy proposes.
 */
package lrsweep.strategy;
