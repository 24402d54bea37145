package lrsweep.sweep;

/** A run stopped on request (Ctrl-C, SIGTERM) while trials trained; every finished one is in the journal. */
public final class Interrupted extends RuntimeException {

    private final int finished;
    private final int total;

    public Interrupted(int finished, int total) {
        super("interrupted after " + finished + " of " + total + " trials");
        this.finished = finished;
        this.total = total;
    }

    public int finished() {
        return finished;
    }

    public int total() {
        return total;
    }
}
