package lrsweep.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The single-core float GEMM speed this machine reaches through ND4J, on the shape of the MLP's
 * first layer (a 64 × 784 minibatch times 784 × 128 weights): the ceiling for the sweep's
 * training GFLOP/s per core. Run with OMP_NUM_THREADS=1. Prints {@code sgemm_gflops=<best round>}.
 */
public final class SgemmPeak {

    public static void main(String[] args) {
        int m = 64, k = 784, n = 128;
        int reps = 2000;
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        double best = 0;
        for (int round = 0; round < 6; round++) { // round 0 warms up; the best round is the peak
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round > 0) {
                best = Math.max(best, 2.0 * m * k * n * reps / seconds / 1e9);
            }
        }
        System.out.printf("sgemm_gflops=%.1f%n", best);
    }
}
