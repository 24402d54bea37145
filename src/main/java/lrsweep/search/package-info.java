/**
 * Model-based search, pure JDK: the Tree-structured Parzen Estimator (Bergstra et al. 2011) as
 * Optuna's {@code TPESampler} does it ({@code optuna/samplers/_tpe/sampler.py},
 * {@code parzen_estimator.py}), univariate, over real (optionally log-scaled) and categorical
 * {@link lrsweep.search.Dimension}s. {@link lrsweep.search.Tpe} is told finished trials' costs
 * and proposes the next point; it knows nothing of training or of Spark.
 */
package lrsweep.search;
