package lrsweep.schedule;

/** Run-length arithmetic shared by the schedules whose length defaults to the run. */
final class RunLength {

    private RunLength() {
    }

    /** The configured length, or the run length {@code n} when it was omitted (null). */
    static long of(Long steps, long n) {
        return steps != null ? steps : Math.max(1, n);
    }

    /**
     * What is left of a run of {@code n} steps after {@code used}; at least 1, so a schedule that
     * spans it never divides by zero when a prefix (warmup, offset, earlier parts) fills the run.
     */
    static long rest(long n, long used) {
        return Math.max(1, n - used);
    }
}
