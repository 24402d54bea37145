package lrsweep.schedule;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import net.objecthunter.exp4j.ExpressionBuilder;
import net.objecthunter.exp4j.ValidationResult;
import net.objecthunter.exp4j.function.Function;
import net.objecthunter.exp4j.operator.Operator;

/**
 * A formula of {@code lr0}, {@code t} and {@code n}, e.g. {@code lr0 / (1 + 0.1 * t)}: t and n
 * in the variant's unit. Operators {@code + - * / % ^}; exp4j's functions (exp, log, log10,
 * log2, sqrt, cbrt, abs, floor, ceil, signum, sin, cos, tan, their inverses and hyperbolic
 * forms) plus {@code pow(x, y)}, {@code min(x, y)} and {@code max(x, y)}; constants {@code pi}
 * and {@code e}. Arithmetic is Java's double arithmetic: {@code x / 0} is infinite (exp4j's own
 * division throws instead). Reference: Keras' {@code LearningRateScheduler(lambda epoch, lr: ...)}
 * and PyTorch's {@code LambdaLR} (whose lambda gives a multiple of lr0: write {@code lr0 * ...}).
 * Parsed by exp4j (net.objecthunter:exp4j).
 *
 * <p>Checked when the config is read: the formula parses, names no other variable or function,
 * and gives a finite rate >= 0 at t = 0 for lr0 = 1 and n = 100 (a run length every formula
 * should accept; later steps are checked as the trainer applies them).
 *
 * @param expr the formula as configured (required)
 */
public record Expression(String expr) implements Schedule {

    static final List<String> VARIABLES = List.of("lr0", "t", "n");

    static Expression parse(Params p) {
        Expression e = new Expression(p.string("expr", "a formula of lr0, t and n, e.g. \"lr0 / (1 + 0.1 * t)\""));
        double atZero;
        try {
            atZero = e.rate(1, 0, 100);
        } catch (IllegalArgumentException bad) { // exp4j's parse errors, unknown names among them
            throw p.bad("expr", bad.getMessage() + "; allowed: variables " + String.join(", ", VARIABLES)
                    + ", operators + - * / % ^, functions such as exp, log, cos, floor, pow, min, max");
        }
        if (!(atZero >= 0) || Double.isInfinite(atZero)) {
            throw p.bad("expr", "must give a finite learning rate >= 0 at t = 0 (for lr0 = 1, n = 100), got " + atZero);
        }
        return e;
    }

    @Override
    public double rate(double lr0, long t, long n) {
        // exp4j's Expression holds its variables' values, so one per thread; building it costs ~14 µs,
        // evaluating ~0.4 µs (measured), and DL4J asks once per step
        return PerThread.get(this, Expression::compile)
                .setVariable("lr0", lr0)
                .setVariable("t", t)
                .setVariable("n", n)
                .evaluate();
    }

    private net.objecthunter.exp4j.Expression compile() {
        var e = new ExpressionBuilder(expr)
                .variables(VARIABLES.toArray(String[]::new))
                .implicitMultiplication(false) // "2t" is more likely a typo than 2 * t
                .functions(
                        function("pow", Math::pow),
                        function("min", Math::min),
                        function("max", Math::max))
                .operator(
                        operator("/", Operator.PRECEDENCE_DIVISION, (x, y) -> x / y),
                        operator("%", Operator.PRECEDENCE_MODULO, (x, y) -> x % y))
                .build();
        ValidationResult valid = e.validate(false);
        if (!valid.isValid()) {
            throw new IllegalArgumentException(String.join(", ", valid.getErrors()) + " in '" + expr + "'");
        }
        return e;
    }

    private static Function function(String name, DoubleBinaryOperator f) {
        return new Function(name, 2) {
            @Override
            public double apply(double... args) {
                return f.applyAsDouble(args[0], args[1]);
            }
        };
    }

    /** A left-associative binary operator with exp4j's own precedence, in Java's arithmetic. */
    private static Operator operator(String symbol, int precedence, DoubleBinaryOperator f) {
        return new Operator(symbol, 2, true, precedence) {
            @Override
            public double apply(double... args) {
                return f.applyAsDouble(args[0], args[1]);
            }
        };
    }
}
