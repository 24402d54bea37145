package lrsweep.config;

import java.util.List;

/**
 * {@code sweep.learning-rates = auto}: {@code points} base rates, log-spaced over
 * {@code spanDecades} decades centred on the range test's suggestion.
 */
public record AutoGrid(int points, double spanDecades) {

    /** The grid around {@code centre}, largest first; each rate rounded to 3 significant digits, none twice. */
    public List<Double> around(double centre) {
        var rates = new java.util.LinkedHashSet<Double>();
        for (int i = 0; i < points; i++) {
            double exponent = points == 1 ? 0 : spanDecades / 2 - spanDecades * i / (points - 1);
            rates.add(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", centre * Math.pow(10, exponent))));
        }
        return List.copyOf(rates);
    }
}
