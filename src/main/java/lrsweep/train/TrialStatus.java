package lrsweep.train;

import java.util.Locale;

/** How a trial ended. Divergence is a result; failure is an error. */
public enum TrialStatus {
    OK, DIVERGED, FAILED;

    /** The lower-case name used in outputs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
