package lrsweep.config;

/**
 * Successive halving: trials report at rungs after {@code minEpochs} · eta^k epochs and continue
 * only while within the best 1/{@code eta} of the reports at that rung.
 */
public record Halving(int minEpochs, int eta) {}
