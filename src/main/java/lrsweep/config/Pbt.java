package lrsweep.config;

import java.util.List;

/**
 * Population-based training ({@code sweep.search = pbt}, Jaderberg et al. 2017): a population trains
 * side by side, and every {@code interval} epochs the members in the bottom {@code quantile} by
 * their last validation objective copy the network and optimizer state of a member of the top
 * quantile (exploit), then multiply its learning rate by one of {@code perturb} or, with
 * {@code resampleProbability}, draw it afresh from the space (explore).
 */
public record Pbt(int population, int interval, double quantile, List<Double> perturb, double resampleProbability) {

    public Pbt {
        perturb = List.copyOf(perturb);
    }

    /** The settings in a member's key: everything but the population's size changes what a member trains. */
    public String key() {
        return "pbt[interval=" + interval + ", quantile=" + quantile + ", perturb=" + perturb + ", resample=" + resampleProbability + "]";
    }
}
