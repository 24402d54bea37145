package lrsweep.schedule;

import java.math.BigDecimal;
import java.util.Locale;

/** How numbers read in names and reports: {@code 2} not {@code 2.0}, {@code 0.1}, {@code 1e-5}. */
public final class Names {

    private Names() {}

    public static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        BigDecimal d = BigDecimal.valueOf(x).stripTrailingZeros();
        return Math.abs(x) >= 1e-4 ? d.toPlainString() : d.toString().toLowerCase(Locale.ROOT);
    }
}
