#!/usr/bin/python3
"""Reference traces for the lrsweep.schedule unit tests.

Each case is computed independently of the Java code:
  * PyTorch schedules: the torch.optim.lr_scheduler class itself, stepping a dummy SGD optimizer
    and recording the optimizer's lr before each step;
  * Keras schedules: a transcription of keras.optimizers.schedules (learning_rate_schedule.py)
    below, in float64 (Keras itself computes in float32);
  * the classic Keras LearningRateScheduler callback recipes: their plain formulas.

Writes one CSV per case into src/test/resources/schedule-traces/:
    # spec: <the variant's HOCON/JSON, parsed by Schedules.parse>
    # lr0: <base rate>
    # n: <run length>
    # reference: <what computed it>
    t,lr            (plateau: t,loss,lr -- the rate after feeding that epoch's loss)
with every value written by repr (shortest round-trip form).

Run from the repository root:  /usr/bin/python3 src/test/python/make_schedule_traces.py
"""
import json
import math
import os
import warnings

import torch
from torch.optim import lr_scheduler as S

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "schedule-traces")

# SequentialLR calls scheduler.step(0), which PyTorch flags as deprecated; harmless here.
warnings.filterwarnings("ignore")


# ---- PyTorch ------------------------------------------------------------------------------

def torch_trace(lr0, n, make):
    """lr before each of n optimizer steps, for the scheduler make(optimizer) builds."""
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=lr0)
    sched = make(opt)
    out = []
    for _ in range(n):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


def plateau_trace(lr0, losses, **kw):
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=lr0)
    sched = S.ReduceLROnPlateau(opt, mode="min", threshold_mode="rel", eps=1e-8, **kw)
    out = []
    for loss in losses:
        opt.step()
        sched.step(loss)
        out.append(opt.param_groups[0]["lr"])
    return out


# ---- Keras (learning_rate_schedule.py, transcribed) -----------------------------------------

def keras_inverse_time(lr0, decay_steps, decay_rate, staircase=False):
    def f(step):
        p = step / decay_steps
        if staircase:
            p = math.floor(p)
        return lr0 / (1 + decay_rate * p)
    return f


def keras_exponential(lr0, decay_steps, decay_rate, staircase=False):
    def f(step):
        p = step / decay_steps
        if staircase:
            p = math.floor(p)
        return lr0 * decay_rate ** p
    return f


def keras_piecewise(boundaries, values):
    def f(step):
        # x <= b[0] -> v[0]; b[i-1] < x <= b[i] -> v[i]; x > b[-1] -> v[-1]
        if step <= boundaries[0]:
            return values[0]
        for i in range(1, len(boundaries)):
            if boundaries[i - 1] < step <= boundaries[i]:
                return values[i]
        return values[-1]
    return f


def keras_polynomial(lr0, decay_steps, end_lr=0.0001, power=1.0, cycle=False):
    def f(step):
        ds = decay_steps
        if cycle:
            multiplier = 1.0 if step == 0 else math.ceil(step / decay_steps)
            ds = decay_steps * multiplier
        else:
            step = min(step, decay_steps)
        p = step / ds
        return (lr0 - end_lr) * (1 - p) ** power + end_lr
    return f


def keras_cosine(lr0, decay_steps, alpha=0.0):
    def f(step):
        step = min(step, decay_steps)
        completed = step / decay_steps
        cosine = 0.5 * (1.0 + math.cos(math.pi * completed))
        return lr0 * ((1 - alpha) * cosine + alpha)
    return f


def keras_cosine_restarts(lr0, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0):
    def f(step):
        completed = step / first_decay_steps
        if t_mul != 1.0:
            i_restart = math.floor(math.log(1.0 - completed * (1.0 - t_mul)) / math.log(t_mul))
            sum_r = (1.0 - t_mul ** i_restart) / (1.0 - t_mul)
            completed = (completed - sum_r) / t_mul ** i_restart
        else:
            i_restart = math.floor(completed)
            completed -= i_restart
        m_fac = m_mul ** i_restart
        cosine = 0.5 * m_fac * (1.0 + math.cos(math.pi * completed))
        return lr0 * ((1 - alpha) * cosine + alpha)
    return f


def keras_trace(n, f):
    return [f(t) for t in range(n)]


# ---- the classic Keras LearningRateScheduler callback recipes -------------------------------

def recipe_time_based(lr0, k):
    return lambda epoch: lr0 / (1.0 + k * epoch)


def recipe_exponential(lr0, k):
    return lambda epoch: lr0 * math.exp(-k * epoch)


def recipe_constant_then_exponential(lr0, hold, k):
    return lambda epoch: lr0 if epoch < hold else lr0 * math.exp(-k * epoch)


def recipe_ramp_sustain_decay(start_lr, max_lr, min_lr, rampup, sustain, decay):
    def f(epoch):
        if epoch < rampup:
            return (max_lr - start_lr) / rampup * epoch + start_lr
        if epoch < rampup + sustain:
            return max_lr
        return (max_lr - min_lr) * decay ** (epoch - rampup - sustain) + min_lr
    return f


# ---- cases ---------------------------------------------------------------------------------

CASES = []


def case(name, spec, lr0, n, reference, lrs):
    assert len(lrs) == n, name
    CASES.append((name, spec, lr0, n, reference, lrs))


def main():
    # The five classic callback recipes, 20 epochs each.
    case("recipe-constant", {"type": "constant"}, 0.001, 20,
         "recipe: return start_lr", [0.001] * 20)
    case("recipe-time-based", {"type": "time-based", "decay-rate": 0.1}, 0.001, 20,
         "recipe: lr0 / (1 + k*t)", keras_trace(20, recipe_time_based(0.001, 0.1)))
    case("recipe-exponential", {"type": "exponential", "k": 0.1}, 0.001, 20,
         "recipe: lr0 * exp(-k*t)", keras_trace(20, recipe_exponential(0.001, 0.1)))
    case("recipe-constant-then-exponential", {"type": "hold-then-exponential", "hold": 10, "k": 0.1}, 0.001, 20,
         "recipe: lr0 if t < 10 else lr0 * exp(-k*t)",
         keras_trace(20, recipe_constant_then_exponential(0.001, 10, 0.1)))
    case("recipe-ramp-sustain-decay",
         {"type": "ramp-sustain-decay", "start-lr": 1e-4, "min-lr": 1e-5, "rampup": 10, "sustain": 0,
          "decay": 0.8}, 1e-3, 20,
         "recipe: ramp 1e-4 -> 1e-3 over 10, sustain 0, (max-min)*0.8^(t-10)+min",
         keras_trace(20, recipe_ramp_sustain_decay(1e-4, 1e-3, 1e-5, 10, 0, 0.8)))
    case("ramp-sustain-decay-sustain3",
         {"type": "ramp-sustain-decay", "start-lr": 1e-5, "min-lr": 1e-5, "rampup": 5, "sustain": 3,
          "decay": 0.7}, 5e-4, 20,
         "recipe: ramp 1e-5 -> 5e-4 over 5, sustain 3, decay 0.7",
         keras_trace(20, recipe_ramp_sustain_decay(1e-5, 5e-4, 1e-5, 5, 3, 0.7)))

    # constant
    case("constant-factor", {"type": "constant", "factor": 0.5}, 0.1, 10,
         "torch ConstantLR(factor=0.5, total_iters=11)",
         torch_trace(0.1, 10, lambda o: S.ConstantLR(o, factor=0.5, total_iters=11)))

    # inverse-time
    case("inverse-time-steps", {"type": "inverse-time", "decay-rate": 0.5, "decay-steps": 4}, 0.1, 20,
         "keras InverseTimeDecay(0.1, decay_steps=4, decay_rate=0.5)",
         keras_trace(20, keras_inverse_time(0.1, 4, 0.5)))
    case("inverse-time-staircase",
         {"type": "inverse-time", "decay-rate": 0.5, "decay-steps": 4, "staircase": True}, 0.1, 20,
         "keras InverseTimeDecay(0.1, decay_steps=4, decay_rate=0.5, staircase=True)",
         keras_trace(20, keras_inverse_time(0.1, 4, 0.5, True)))

    # exponential
    case("exponential-torch", {"type": "exponential", "decay-rate": 0.9}, 0.1, 20,
         "torch ExponentialLR(gamma=0.9)",
         torch_trace(0.1, 20, lambda o: S.ExponentialLR(o, gamma=0.9)))
    case("exponential-keras", {"type": "exponential", "decay-rate": 0.5, "decay-steps": 4}, 0.1, 20,
         "keras ExponentialDecay(0.1, decay_steps=4, decay_rate=0.5)",
         keras_trace(20, keras_exponential(0.1, 4, 0.5)))
    case("exponential-staircase",
         {"type": "exponential", "decay-rate": 0.5, "decay-steps": 4, "staircase": True}, 0.1, 20,
         "keras ExponentialDecay(0.1, decay_steps=4, decay_rate=0.5, staircase=True)",
         keras_trace(20, keras_exponential(0.1, 4, 0.5, True)))

    # step, multi-step, piecewise
    case("step", {"type": "step", "every": 3, "factor": 0.5}, 0.1, 20,
         "torch StepLR(step_size=3, gamma=0.5)",
         torch_trace(0.1, 20, lambda o: S.StepLR(o, step_size=3, gamma=0.5)))
    case("step-default-factor", {"type": "step", "every": 5}, 0.1, 20,
         "torch StepLR(step_size=5)",
         torch_trace(0.1, 20, lambda o: S.StepLR(o, step_size=5)))
    case("multi-step", {"type": "multi-step", "milestones": [5, 12]}, 0.1, 20,
         "torch MultiStepLR(milestones=[5, 12], gamma=0.1)",
         torch_trace(0.1, 20, lambda o: S.MultiStepLR(o, milestones=[5, 12])))
    case("multi-step-factor", {"type": "multi-step", "milestones": [2, 3, 9], "factor": 0.5}, 0.1, 12,
         "torch MultiStepLR(milestones=[2, 3, 9], gamma=0.5)",
         torch_trace(0.1, 12, lambda o: S.MultiStepLR(o, milestones=[2, 3, 9], gamma=0.5)))
    case("piecewise", {"type": "piecewise", "boundaries": [4, 10], "multipliers": [1, 0.5, 0.1]}, 0.1, 15,
         "keras PiecewiseConstantDecay([4, 10], [0.1, 0.05, 0.01])",
         keras_trace(15, keras_piecewise([4, 10], [0.1 * 1, 0.1 * 0.5, 0.1 * 0.1])))

    # linear
    case("linear-warmup", {"type": "linear", "start-factor": 0.25, "steps": 8}, 0.1, 15,
         "torch LinearLR(start_factor=0.25, end_factor=1.0, total_iters=8)",
         torch_trace(0.1, 15, lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=8)))
    case("linear-decay-run", {"type": "linear", "start-factor": 1, "end-factor": 0.1}, 0.1, 12,
         "torch LinearLR(start_factor=1, end_factor=0.1, total_iters=12)",
         torch_trace(0.1, 12, lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=12)))

    # polynomial
    case("polynomial-torch", {"type": "polynomial", "decay-steps": 10, "power": 2}, 0.1, 15,
         "torch PolynomialLR(total_iters=10, power=2)",
         torch_trace(0.1, 15, lambda o: S.PolynomialLR(o, total_iters=10, power=2.0)))
    case("polynomial-end-lr", {"type": "polynomial", "decay-steps": 8, "power": 0.5, "end-lr": 0.001}, 0.1, 12,
         "keras PolynomialDecay(0.1, 8, end_learning_rate=0.001, power=0.5)",
         keras_trace(12, keras_polynomial(0.1, 8, 0.001, 0.5)))
    case("polynomial-cycle",
         {"type": "polynomial", "decay-steps": 6, "power": 2, "end-lr": 0.001, "cycle": True}, 0.1, 25,
         "keras PolynomialDecay(0.1, 6, end_learning_rate=0.001, power=2, cycle=True)",
         keras_trace(25, keras_polynomial(0.1, 6, 0.001, 2.0, True)))
    case("polynomial-run", {"type": "polynomial"}, 0.1, 10,
         "torch PolynomialLR(total_iters=10, power=1)",
         torch_trace(0.1, 10, lambda o: S.PolynomialLR(o, total_iters=10, power=1.0)))

    # cosine
    case("cosine-run", {"type": "cosine"}, 0.1, 20,
         "torch CosineAnnealingLR(T_max=20)",
         torch_trace(0.1, 20, lambda o: S.CosineAnnealingLR(o, T_max=20)))
    case("cosine-alpha-torch", {"type": "cosine", "decay-steps": 12, "alpha": 0.1}, 0.1, 13,
         "torch CosineAnnealingLR(T_max=12, eta_min=0.1*0.1)",
         torch_trace(0.1, 13, lambda o: S.CosineAnnealingLR(o, T_max=12, eta_min=0.1 * 0.1)))
    case("cosine-alpha-keras", {"type": "cosine", "decay-steps": 10, "alpha": 0.01}, 0.1, 15,
         "keras CosineDecay(0.1, 10, alpha=0.01) (constant past decay_steps)",
         keras_trace(15, keras_cosine(0.1, 10, 0.01)))

    # cosine-restarts
    case("cosine-restarts-torch-tmul2", {"type": "cosine-restarts", "first-decay-steps": 5, "alpha": 0.01}, 0.1, 40,
         "torch CosineAnnealingWarmRestarts(T_0=5, T_mult=2, eta_min=0.01*0.1)",
         torch_trace(0.1, 40, lambda o: S.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2, eta_min=0.01 * 0.1)))
    case("cosine-restarts-torch-tmul1", {"type": "cosine-restarts", "first-decay-steps": 4, "t-mul": 1}, 0.1, 20,
         "torch CosineAnnealingWarmRestarts(T_0=4, T_mult=1)",
         torch_trace(0.1, 20, lambda o: S.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=1)))
    case("cosine-restarts-keras-mmul",
         {"type": "cosine-restarts", "first-decay-steps": 4, "t-mul": 2, "m-mul": 0.5, "alpha": 0.05}, 0.1, 40,
         "keras CosineDecayRestarts(0.1, 4, t_mul=2, m_mul=0.5, alpha=0.05)",
         keras_trace(40, keras_cosine_restarts(0.1, 4, 2.0, 0.5, 0.05)))
    case("cosine-restarts-keras-tmul3",
         {"type": "cosine-restarts", "first-decay-steps": 3, "t-mul": 3, "m-mul": 0.8}, 0.1, 40,
         "keras CosineDecayRestarts(0.1, 3, t_mul=3, m_mul=0.8)",
         keras_trace(40, keras_cosine_restarts(0.1, 3, 3.0, 0.8, 0.0)))

    # one-cycle
    def one_cycle(n, **kw):
        return lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=n, cycle_momentum=False, **kw)

    case("one-cycle-default", {"type": "one-cycle"}, 0.1, 30,
         "torch OneCycleLR(max_lr=0.1, total_steps=30)", torch_trace(0.1, 30, one_cycle(30)))
    case("one-cycle-linear", {"type": "one-cycle", "total-steps": 25, "anneal": "linear", "pct-start": 0.4},
         0.1, 25, "torch OneCycleLR(max_lr=0.1, total_steps=25, pct_start=0.4, anneal_strategy='linear')",
         torch_trace(0.1, 25, one_cycle(25, pct_start=0.4, anneal_strategy="linear")))
    case("one-cycle-three-phase",
         {"type": "one-cycle", "three-phase": True, "div-factor": 10, "final-div-factor": 100}, 0.1, 40,
         "torch OneCycleLR(max_lr=0.1, total_steps=40, three_phase=True, div_factor=10, final_div_factor=100)",
         torch_trace(0.1, 40, one_cycle(40, three_phase=True, div_factor=10.0, final_div_factor=100.0)))
    case("one-cycle-three-phase-linear",
         {"type": "one-cycle", "three-phase": True, "anneal": "linear", "pct-start": 0.25}, 0.1, 33,
         "torch OneCycleLR(max_lr=0.1, total_steps=33, three_phase=True, anneal_strategy='linear', pct_start=0.25)",
         torch_trace(0.1, 33, one_cycle(33, three_phase=True, anneal_strategy="linear", pct_start=0.25)))

    # cyclic
    def cyclic(**kw):
        return lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.01, cycle_momentum=False, **kw)

    case("cyclic-triangular", {"type": "cyclic", "base-lr": 0.001, "step-size-up": 4}, 0.01, 30,
         "torch CyclicLR(base_lr=0.001, max_lr=0.01, step_size_up=4)",
         torch_trace(0.01, 30, cyclic(step_size_up=4)))
    case("cyclic-triangular2",
         {"type": "cyclic", "base-lr": 0.001, "step-size-up": 3, "step-size-down": 5, "mode": "triangular2"},
         0.01, 40, "torch CyclicLR(base_lr=0.001, max_lr=0.01, step_size_up=3, step_size_down=5, mode='triangular2')",
         torch_trace(0.01, 40, cyclic(step_size_up=3, step_size_down=5, mode="triangular2")))
    case("cyclic-exp-range",
         {"type": "cyclic", "base-lr": 0.001, "step-size-up": 4, "mode": "exp-range", "gamma": 0.95},
         0.01, 40, "torch CyclicLR(base_lr=0.001, max_lr=0.01, step_size_up=4, mode='exp_range', gamma=0.95)",
         torch_trace(0.01, 40, cyclic(step_size_up=4, mode="exp_range", gamma=0.95)))

    # warmup
    case("warmup-cosine", {"type": "warmup", "steps": 5, "start-factor": 0.1, "then": {"type": "cosine"}}, 0.1, 20,
         "torch SequentialLR([LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], [5])",
         torch_trace(0.1, 20, lambda o: S.SequentialLR(o, [
             S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=5),
             S.CosineAnnealingLR(o, T_max=15)], milestones=[5])))
    case("warmup-from-zero-step",
         {"type": "warmup", "steps": 4, "then": {"type": "step", "every": 3, "factor": 0.5}}, 0.1, 16,
         "formula: 0.1*t/4 for t < 4, then 0.1*0.5^((t-4)//3)",
         [0.1 * (0.0 + (1 - 0.0) * t / 4) if t < 4 else 0.1 * 0.5 ** ((t - 4) // 3) for t in range(16)])
    case("warmup-default-then", {"type": "warmup", "steps": 3}, 0.1, 6,
         "formula: 0.1*t/3 for t < 3, then 0.1",
         [0.1 * t / 3 if t < 3 else 0.1 for t in range(6)])

    # sequence
    case("sequence",
         {"type": "sequence", "parts": [
             {"steps": 4, "schedule": {"type": "constant", "factor": 0.1}},
             {"steps": 6, "schedule": {"type": "exponential", "decay-rate": 0.8}},
             {"schedule": {"type": "cosine"}}]}, 0.1, 25,
         "torch SequentialLR([ConstantLR(factor=0.1, total_iters=4), ExponentialLR(0.8), "
         "CosineAnnealingLR(T_max=15)], [4, 10])",
         torch_trace(0.1, 25, lambda o: S.SequentialLR(o, [
             S.ConstantLR(o, factor=0.1, total_iters=4),
             S.ExponentialLR(o, gamma=0.8),
             S.CosineAnnealingLR(o, T_max=15)], milestones=[4, 10])))

    # offset: clamped before the offset, the schedule spans the rest of the run after it
    case("offset-cosine", {"type": "cosine", "offset": 5}, 0.1, 20,
         "torch SequentialLR([ConstantLR(factor=1, total_iters=5), CosineAnnealingLR(T_max=15)], [5])",
         torch_trace(0.1, 20, lambda o: S.SequentialLR(o, [
             S.ConstantLR(o, factor=1.0, total_iters=5),
             S.CosineAnnealingLR(o, T_max=15)], milestones=[5])))
    case("offset-step-unit-step", {"type": "step", "every": 3, "factor": 0.5, "offset": 4, "unit": "step"}, 0.1, 16,
         "torch SequentialLR([ConstantLR(factor=1, total_iters=4), StepLR(3, 0.5)], [4])",
         torch_trace(0.1, 16, lambda o: S.SequentialLR(o, [
             S.ConstantLR(o, factor=1.0, total_iters=4),
             S.StepLR(o, step_size=3, gamma=0.5)], milestones=[4])))

    os.makedirs(OUT, exist_ok=True)
    for name, spec, lr0, n, reference, lrs in CASES:
        with open(os.path.join(OUT, name + ".csv"), "w") as f:
            f.write(f"# spec: {json.dumps(spec, separators=(',', ':'))}\n# lr0: {lr0!r}\n# n: {n}\n")
            f.write(f"# reference: {reference}\nt,lr\n")
            for t, lr in enumerate(lrs):
                f.write(f"{t},{lr!r}\n")

    # plateau: fixed fake validation losses; lr after each ReduceLROnPlateau.step(loss)
    losses = [1.0, 0.8, 0.7, 0.69, 0.695, 0.7, 0.71, 0.6, 0.6, 0.6, 0.6, 0.6, 0.59999, 0.5, 0.55, 0.56,
              0.57, 0.58, 0.59, 0.6, 0.61, 0.62, 0.63, 0.64, 0.65, 0.66, 0.67, 0.68, 0.69, 0.7]
    plateaus = [
        ("plateau-default", {"type": "plateau"}, 0.01, dict()),
        ("plateau-tuned",
         {"type": "plateau", "factor": 0.5, "patience": 2, "threshold": 0.01, "cooldown": 1, "min-lr": 0.002},
         0.01, dict(factor=0.5, patience=2, threshold=0.01, cooldown=1, min_lr=0.002)),
        ("plateau-no-patience", {"type": "plateau", "factor": 0.5, "patience": 0}, 0.01,
         dict(factor=0.5, patience=0)),
    ]
    for name, spec, lr0, kw in plateaus:
        lrs = plateau_trace(lr0, losses, **kw)
        with open(os.path.join(OUT, name + ".csv"), "w") as f:
            f.write(f"# spec: {json.dumps(spec, separators=(',', ':'))}\n# lr0: {lr0!r}\n# n: {len(losses)}\n")
            f.write(f"# reference: torch ReduceLROnPlateau(mode='min', threshold_mode='rel', eps=1e-8, {kw})\n")
            f.write("t,loss,lr\n")
            for t, (loss, lr) in enumerate(zip(losses, lrs)):
                f.write(f"{t},{loss!r},{lr!r}\n")
    print(f"wrote {len(CASES) + len(plateaus)} traces to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
