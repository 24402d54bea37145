package lrsweep.schedule;

import java.math.BigDecimal;
import java.util.Locale;

/** How numbers read in names and reports: {@code 2} not {@code 2.0}, {@code 0.1}, {@code 1e-5}. */
public final class Names {

    private Names() {}

    /** {@code x} to 3 significant digits, for showing a sampled value: {@code 0.2345678} is {@code 0.235}. */
    public static double round(double x) {
        return Double.isFinite(x) && x != 0 ? new BigDecimal(x).round(new java.math.MathContext(3)).doubleValue() : x;
    }

    public static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        BigDecimal d = BigDecimal.valueOf(x).stripTrailingZeros();
        return Math.abs(x) >= 1e-4 ? d.toPlainString() : d.toString().toLowerCase(Locale.ROOT);
    }
}
