package lrsweep.train;

import java.nio.FloatBuffer;

/**
 * An optimizer's step on one parameter buffer of the fast engine, with that buffer's optimizer
 * state. Plain float maths, written as DL4J's native updaters compute it (libnd4j
 * {@code helpers/cpu/updater*.cpp}) so that both engines train alike; heavy-ball momentum, which
 * DL4J lacks, as PyTorch's SGD(momentum).
 *
 * @param state the optimizer's state arrays (momentum's v, Adam's m and u, …), which {@code step}
 *              updates in place; a saved run reads and restores them
 */
record ParameterUpdate(Step step, float[]... state) {

    /** The rule, over the {@link #state} arrays it updates in place. */
    @FunctionalInterface
    interface Step {
        void apply(FloatBuffer w, FloatBuffer g, int size, float lr, int iteration);
    }

    /**
     * w −= update(g), elementwise over the first {@code size} values.
     *
     * @param iteration minibatch steps taken before this one (Adam's bias correction)
     */
    void apply(FloatBuffer w, FloatBuffer g, int size, float lr, int iteration) {
        step.apply(w, g, size, lr, iteration);
    }

    /** The update of {@code optimizer} for a buffer of {@code size} parameters, its state zeroed. */
    static ParameterUpdate of(Optimizer optimizer, int size) {
        return switch (optimizer.type()) {
            case SGD -> new ParameterUpdate((w, g, n, lr, t) -> {
                for (int i = 0; i < n; i++) {
                    w.put(i, w.get(i) - lr * g.get(i));
                }
            });
            case MOMENTUM -> {
                float mu = (float) optimizer.get("momentum");
                float[] v = new float[size];
                yield new ParameterUpdate((w, g, n, lr, t) -> {
                    for (int i = 0; i < n; i++) {
                        v[i] = mu * v[i] + g.get(i);
                        w.put(i, w.get(i) - lr * v[i]);
                    }
                }, v);
            }
            case NESTEROV -> {
                float mu = (float) optimizer.get("momentum");
                float[] v = new float[size];
                yield new ParameterUpdate((w, g, n, lr, t) -> {
                    for (int i = 0; i < n; i++) {
                        float previous = mu * v[i];
                        v[i] = previous - lr * g.get(i);
                        w.put(i, w.get(i) - (previous - (1 + mu) * v[i]));
                    }
                }, v);
            }
            case ADAM, ADAMW -> {
                float beta1 = (float) optimizer.get("beta1");
                float beta2 = (float) optimizer.get("beta2");
                float epsilon = (float) optimizer.get("epsilon");
                float decay = (float) optimizer.decoupledWeightDecay();
                float[] m = new float[size];
                float[] u = new float[size];
                yield new ParameterUpdate((w, g, n, lr, t) -> {
                    // DL4J folds both bias corrections into the step size, and falls back to ε when it is 0 or not finite
                    double step = lr * Math.sqrt(1 - Math.pow(beta2, t + 1)) / (1 - Math.pow(beta1, t + 1));
                    float alpha = (float) (step == 0 || !Double.isFinite(step) ? epsilon : step);
                    for (int i = 0; i < n; i++) {
                        float gi = g.get(i);
                        m[i] = beta1 * m[i] + gi * (1 - beta1);
                        u[i] = beta2 * u[i] + gi * gi * (1 - beta2);
                        float wi = w.get(i);
                        w.put(i, wi - (m[i] * alpha / ((float) Math.sqrt(u[i]) + epsilon) + decay * lr * wi));
                    }
                }, m, u);
            }
            case RMSPROP -> {
                float decay = (float) optimizer.get("decay");
                float epsilon = (float) optimizer.get("epsilon");
                float[] s = new float[size];
                java.util.Arrays.fill(s, epsilon); // DL4J starts its running mean of g² at ε, not 0
                yield new ParameterUpdate((w, g, n, lr, t) -> {
                    for (int i = 0; i < n; i++) {
                        float gi = g.get(i);
                        s[i] = s[i] * decay + gi * gi * (1 - decay);
                        w.put(i, w.get(i) - lr * gi / ((float) Math.sqrt(s[i]) + epsilon));
                    }
                }, s);
            }
            case ADAGRAD -> {
                float epsilon = (float) optimizer.get("epsilon");
                float[] s = new float[size];
                // DL4J starts the sum of g² at 1e-6, its AdaGradUpdater's own default ε, whatever ε is configured
                java.util.Arrays.fill(s, 1e-6f);
                yield new ParameterUpdate((w, g, n, lr, t) -> {
                    for (int i = 0; i < n; i++) {
                        float gi = g.get(i);
                        s[i] += gi * gi;
                        w.put(i, w.get(i) - lr * gi / ((float) Math.sqrt(s[i]) + epsilon));
                    }
                }, s);
            }
        };
    }
}
