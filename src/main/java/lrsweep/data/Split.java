package lrsweep.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Holds out a random, reproducible part of one table as the validation set. */
public final class Split {

    private Split() {}

    /**
     * {@code round(fraction × size)} examples, drawn by a shuffle seeded with {@code seed}, validate;
     * the rest train. The same seed and table give the same split on every run; both parts keep
     * the table's order, so "the first N" of a part are its earliest rows.
     */
    public static DataSplit split(Dataset all, double fraction, long seed) throws IOException {
        int n = all.size();
        int held = (int) Math.round(n * fraction);
        if (held < 1 || held >= n) {
            throw new IOException("data.validation-split = " + fraction + " of " + n + " examples leaves "
                    + (n - held) + " to train and " + held + " to validate; both need at least one");
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        int[] validation = order.subList(0, held).stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] train = order.subList(held, n).stream().mapToInt(Integer::intValue).sorted().toArray();
        return new DataSplit(all.rows(train), all.rows(validation));
    }
}
