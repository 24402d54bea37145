"""lr-sweep against the PyTorch peer: same machine, same grids, run back to back.

For each grid (16 trials: the default sweep; 64 trials: 16 learning rates x the same 4 schedules)
it runs our sweep (./submit.sh run, local[*]) and the peer (--procs = cores), alternating which goes
first, --repeat times, and prints one table of medians: whole-process wall time, seconds per trial,
trials per minute, the best config and its validation loss, the ideal time (sum of per-trial
training times / cores), the overhead over it, and training GFLOP/s per core against a single-core
sgemm measured in the same run. Then the seed-to-seed spread of the 64-trial winner's validation
loss in each (so that the two losses can be read against it), the fixed costs (Spark alone, and our
sweep of one tiny trial) against the overhead target, the per-epoch time of each training engine,
and a scale check: synthetic sweeps of 10, 100, 1,000 and 10,000 tiny trials (overhead per trial,
driver's peak memory).
Started by src/bench/bench.sh, which builds first.
"""
import argparse, datetime, json, os, re, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORES = os.cpu_count()
LRS = {16: [0.3, 0.1, 0.03, 0.01],  # conf/sweep.conf's
       64: [0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0]}
# the model both train: 784-128-10, 5 epochs over 10,000 examples, validation on 2,000 after each
PARAMS = 784 * 128 + 128 + 128 * 10 + 10
EPOCHS, TRAIN, VAL = 5, 10_000, 2_000
# 2 flops per parameter per example for each GEMM pass: forward, weight gradient, and the input
# gradient of every layer but the first (the usual "6 x params" counts that one too, though neither
# PyTorch nor our fast engine computes it); validation is forward only
FLOPS_PER_TRIAL = (6 * PARAMS - 2 * (784 * 128)) * TRAIN * EPOCHS + 2 * PARAMS * VAL * EPOCHS
# the driver's java command, flags and class path, with the helpers' classes (from bench.sh)
JAVA = os.environ.get("LRSWEEP_BENCH_JAVA", "").splitlines()
ENV = dict(os.environ, OMP_NUM_THREADS="1")


def timed(cmd, env=ENV):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, stdout, peak RSS in MB)."""
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.monotonic() - start
    if p.returncode != 0:
        sys.exit(f"bench: failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-2000:]}\n{p.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    return wall, p.stdout, rss


def ours(work, name, overrides, env=ENV):
    """Our sweep; its training times come from best.json (train_millis per trial)."""
    wall, _, rss = timed([str(ROOT / "submit.sh"), "run", "conf/sweep.conf", "--output", str(work), "--overwrite",
                          f"sweep.name={name}"] + overrides, env)
    d = json.load(open(work / name / "best.json"))
    best = d["best"]
    return dict(wall=wall, rss=rss, n=len(d["ranking"]), train_s=sum(r["train_millis"] for r in d["ranking"]) / 1000,
                best=f"lr {best['learning_rate_base']:g}, {best['schedule'].split('(')[0]}", loss=best["best_val_loss"])


def peer(script, lrs):
    wall, out, rss = timed(["/usr/bin/python3", script, "--procs", str(CORES), "--lrs", ",".join(map(str, lrs))])
    last = re.search(r"trials=(\d+) best=\{'lr': ([\d.e-]+), 'schedule': '(\w+)'\} best_val_loss=([\d.]+)", out)
    return dict(wall=wall, rss=rss, n=int(last.group(1)), train_s=sum(map(float, re.findall(r"secs=([\d.]+)", out))),
                best=f"lr {float(last.group(2)):g}, {last.group(3)}", loss=float(last.group(4)))


# the peer's own data loading and train(), without its sweep: seeds 1..n of one configuration
PEER_SEEDS = """
import json, sys
script, lr, schedule, n = sys.argv[1], float(sys.argv[2]), sys.argv[3], int(sys.argv[4])
sys.argv = [script]
source = open(script).read()
peer = {"__name__": "peer"}
exec(source[:source.index("lrs = [float")], peer)
print(json.dumps([min(h[1] for h in peer["train"](lr, schedule, seed)) for seed in range(1, n + 1)]))
"""


def seed_noise(args, work):
    """The 64-trial winner (lr 0.4, cosine) trained with seeds 1..n by each: best validation losses."""
    n = args.noise_seeds
    print(f"\nSeed noise: lr 0.4, cosine, seeds 1–{n}, best validation loss (mean ± std, min–max)")
    name = "noise"
    ours(work, name, ["sweep.learning-rates=[0.4]", "sweep.schedules=[{type=cosine}]",
                      f"sweep.seeds=[{','.join(map(str, range(1, n + 1)))}]"])
    p = subprocess.run(["/usr/bin/python3", "-c", PEER_SEEDS, args.peer, "0.4", "cosine", str(n)],
                       cwd=ROOT, env=ENV, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"bench: the peer's seeds failed (does {args.peer} still define train() before 'lrs = [float'?)\n{p.stderr[-3000:]}")
    losses = {"ours": [r["best_val_loss"] for r in json.load(open(work / name / "best.json"))["ranking"]],
              "peer": json.loads(p.stdout)}
    for who, v in losses.items():
        print(f"  {who}: {statistics.mean(v):.4f} ± {statistics.stdev(v):.4f} ({min(v):.4f}–{max(v):.4f})")


def java_helper(main, *args):
    out = subprocess.run(JAVA + [f"lrsweep.bench.{main}", *map(str, args)], cwd=ROOT, env=ENV,
                         capture_output=True, text=True, check=True).stdout
    return {k: float(v) for k, v in re.findall(r"^(\w+)=([\d.]+)$", out, re.M)}


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def comparison(args, work, peak):
    runs = {(g, who): [] for g in args.grids for who in ("ours", "peer")}
    for rep in range(args.repeat):
        for g in args.grids:
            lrs = LRS[g]
            jobs = {"ours": lambda: ours(work, f"bench{g}", [f"sweep.learning-rates=[{','.join(map(str, lrs))}]"]),
                    "peer": lambda: peer(args.peer, lrs)}
            for who in (("ours", "peer") if rep % 2 == 0 else ("peer", "ours")):
                r = jobs[who]()
                if r["n"] != g:
                    sys.exit(f"bench: {who} ran {r['n']} trials, expected {g}")
                runs[(g, who)].append(r)
                print(f"  run {rep + 1}/{args.repeat}, {g} trials, {who}: {r['wall']:.1f} s", file=sys.stderr)

    def cells(g, who):
        rs = runs[(g, who)]
        wall, train_s = median(rs, "wall"), median(rs, "train_s")
        ideal = train_s / CORES
        gflops = FLOPS_PER_TRIAL * g / train_s / 1e9
        return {"wall": wall, "spread": f"{min(r['wall'] for r in rs):.1f}–{max(r['wall'] for r in rs):.1f}",
                "s/trial": wall / g, "trials/min": 60 * g / wall, "best": rs[0]["best"], "loss": rs[0]["loss"],
                "ideal": ideal, "overhead": wall - ideal, "gflops": gflops, "peak%": 100 * gflops / peak}

    rows = [("wall s (median)", "wall", "{:.1f}"), ("wall s (min–max)", "spread", "{}"), ("s per trial", "s/trial", "{:.3f}"),
            ("trials per minute", "trials/min", "{:.1f}"), ("best config", "best", "{}"), ("best val loss", "loss", "{:.4f}"),
            (f"ideal s (Σ train / {CORES} cores)", "ideal", "{:.1f}"), ("overhead s (wall − ideal)", "overhead", "{:.1f}"),
            ("train GFLOP/s per core", "gflops", "{:.1f}"), ("  % of sgemm peak", "peak%", "{:.0f}")]
    ratio_keys = {"wall", "s/trial", "ideal", "overhead", "gflops"}
    c = {(g, who): cells(g, who) for (g, who) in runs}
    header = ["metric"] + [h for g in args.grids for h in (f"ours {g}", f"peer {g}", "ours/peer")]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for label, key, fmt in rows:
        line = [label]
        for g in args.grids:
            a, b = c[(g, "ours")][key], c[(g, "peer")][key]
            line += [fmt.format(a), fmt.format(b), f"{a / b:.2f}" if key in ratio_keys and b else ""]
        print("| " + " | ".join(line) + " |")
    return c


# a trial too small to matter: what remains of a sweep's wall time is its fixed cost
TINY = ["sweep.learning-rates=[0.1]", "sweep.schedules=[{type=constant}]", "model.hidden=[8]", "train.epochs=1",
        "data.train-examples=256", "data.validation-examples=64"]


def fixed_costs(args, work, ideal):
    """Whole-process wall time of Spark alone and of our sweep of one tiny trial, against the overhead target."""
    floor = statistics.median(timed(JAVA + ["lrsweep.bench.SparkFloor"])[0] for _ in range(args.repeat))
    one = statistics.median(ours(work, "fixed", TINY)["wall"] for _ in range(args.repeat))
    # -Xshare:off after submit.sh's own flags: the same run without its class-data archive
    no_archive = statistics.median(ours(work, "fixed", TINY, dict(ENV, LRSWEEP_JAVA_OPTS="-Xshare:off"))["wall"]
                                   for _ in range(args.repeat))
    print(f"\nFixed costs, whole process, median of {args.repeat}: Spark alone (JVM, local[*] context, one trivial "
          f"task per core, stop; src/bench/java/lrsweep/bench/SparkFloor.java) {floor:.2f} s; "
          f"our sweep of one tiny trial ({', '.join(TINY[2:])}) {one:.2f} s, {no_archive:.2f} s without submit.sh's "
          f"class-data archive"
          + (f". The 64-trial overhead target, 10% of our ideal, is {0.1 * ideal:.2f} s." if ideal else "."))


def scale(args, work):
    # a 1 GB driver heap, so that peak RSS shows what the driver keeps rather than how far the
    # garbage collector lets the default 4 GB heap grow before collecting
    env = dict(ENV, LRSWEEP_DRIVER_MEMORY="1g")
    print("\nScale check: model.hidden=[8], 1 epoch, 256 training / 64 validation examples, one trial per seed, 1 GB driver heap")
    print("| trials | wall s | Σ train s | overhead ms/trial | marginal ms/trial | driver max RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    previous = None
    for n in args.scale:
        r = ours(work, f"scale{n}", TINY + [f"sweep.seeds=[{','.join(map(str, range(1, n + 1)))}]"], env)
        overhead = r["wall"] - r["train_s"] / CORES
        marginal = f"{1000 * (overhead - previous[1]) / (n - previous[0]):.1f}" if previous else ""
        print(f"| {n} | {r['wall']:.1f} | {r['train_s']:.1f} | {1000 * overhead / n:.1f} | {marginal} | {r['rss']:.0f} |", flush=True)
        previous = (n, overhead)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each sweep; the table shows medians (default 3)")
    ap.add_argument("--grids", default="16,64", help="grid sizes to compare, of 16 and 64 (default both)")
    ap.add_argument("--noise-seeds", type=int, default=8, help="seeds of the seed-noise check (default 8; 0 or 1 skips it)")
    ap.add_argument("--scale", default="10,100,1000,10000", help="trial counts of the scale check ('' to skip)")
    ap.add_argument("--peer", default=os.environ.get("LRSWEEP_PEER", "../shared/peer/peer_torch_sweep.py"),
                    help="the PyTorch peer script (default $LRSWEEP_PEER or ../shared/peer/peer_torch_sweep.py, beside the project)")
    args = ap.parse_args()
    if not JAVA:
        sys.exit("bench: start it with src/bench/bench.sh, which builds and sets LRSWEEP_BENCH_JAVA")
    args.grids = [int(g) for g in args.grids.split(",") if g]
    args.scale = [int(n) for n in args.scale.split(",") if n]
    load = os.getloadavg()[0]
    print(f"lr-sweep benchmark {datetime.datetime.now():%Y-%m-%d %H:%M}, {CORES} cores, load average {load:.2f} at start"
          f"{' (busy machine: numbers are noisy)' if load > 0.5 else ''}; medians of {args.repeat} runs\n")
    peak = java_helper("SgemmPeak")["sgemm_gflops"]
    epoch = java_helper("EpochProbe", args.repeat, 6)
    with tempfile.TemporaryDirectory(prefix="lrsweep-bench-") as tmp:
        work = Path(tmp)
        cells = comparison(args, work, peak) if args.grids else {}
        fixed_costs(args, work, cells[(64, "ours")]["ideal"] if (64, "ours") in cells else None)
        if args.noise_seeds > 1:
            seed_noise(args, work)
        print(f"\nsgemm peak, 1 core, Nd4j.gemm 64×784·784×128 float: {peak:.1f} GFLOP/s")
        print(f"one epoch (784-128-10, 10,000 examples, 1 thread, median of epochs 2–5): "
              f"fast engine {epoch['epoch_s_fast']:.3f} s, dl4j engine {epoch['epoch_s_dl4j']:.3f} s "
              f"(dl4j/fast {epoch['epoch_s_dl4j'] / epoch['epoch_s_fast']:.1f}x)")
        if args.scale:
            scale(args, work)
    print(f"\nload average {os.getloadavg()[0]:.2f} at end")


if __name__ == "__main__":
    main()
