"""TPE with our pruners (halving, hyperband) against the peer (Optuna 3.1 TPE + Hyperband, PyTorch, 2 worker
processes sharing one journal-file study: ../shared/peer/peer_torch_search.py) on the space of
issue #18: learning rate log-uniform in [1e-3, 1] x the 4 schedules of conf/sweep.conf, 27 epochs,
64 trials, min-epochs 1, eta 3. For each search seed, both run in turn as whole processes (the
peer with /usr/bin/python3, needing Debian's python3-optuna, python3-torch, dataset-fashion-mnist
and an OpenBLAS such as libopenblas0-pthread: without one, PyTorch falls back to the reference BLAS
and the peer takes minutes per seed; search.sh installs what is missing through peer-deps.sh). Prints per seed each one's wall time, epochs trained and best validation
loss, then the medians, and each of ours against the peer. Run from the project root:
src/bench/search.sh [--seeds 1,2,3] [--pruning halving,hyperband].
"""
import argparse, json, re, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEER = ROOT.parent / "shared" / "peer" / "peer_torch_search.py"
TRIALS, EPOCHS, MIN_EPOCHS, ETA = 64, 27, 1, 3


def timed(cmd):
    start = time.monotonic()
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"search bench: {cmd[0]} failed\n{p.stdout[-2000:]}\n{p.stderr[-3000:]}")
    return time.monotonic() - start, p.stdout


def ours(work, seed, pruning):
    name = f"tpe-{pruning}-{seed}"
    wall, _ = timed([str(ROOT / "submit.sh"), "run", "conf/sweep.conf", "--output", str(work), "--overwrite",
                     f"sweep.name={name}", "sweep.search=tpe", f"sweep.trials={TRIALS}", f"sweep.search-seed={seed}",
                     "sweep.learning-rates={log-uniform=[0.001,1]}", f"sweep.pruning={pruning}",
                     f"halving.min-epochs={MIN_EPOCHS}", f"halving.eta={ETA}", f"train.epochs={EPOCHS}"])
    d = json.load(open(work / name / "best.json"))
    best = d["best"]
    return dict(wall=wall, epochs=sum(r["epochs_run"] for r in d["ranking"]), loss=best["best_val_loss"],
                best=f"lr {best['learning_rate_base']:.3g}, {best['schedule']}")


def peer(seed):
    wall, out = timed(["/usr/bin/python3", str(PEER), "--trials", str(TRIALS), "--epochs", str(EPOCHS),
                       "--min-epochs", str(MIN_EPOCHS), "--eta", str(ETA), "--seed", str(seed)])
    last = out.strip().splitlines()[-1]
    m = re.search(r"epochs_trained=(\d+) best=\{'lr': ([^,]+), 'schedule': '([^']+)'\} best_val_loss=([\d.]+)", last)
    return dict(wall=wall, epochs=int(m.group(1)), loss=float(m.group(4)), best=f"lr {float(m.group(2)):.3g}, {m.group(3)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1,2,3", help="search seeds (default 1,2,3)")
    ap.add_argument("--pruning", default="halving,hyperband", help="our pruners to run (default halving,hyperband)")
    args = ap.parse_args()
    prunings = args.pruning.split(",")
    runs = {k: [] for k in prunings + ["peer"]}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in map(int, args.seeds.split(",")):
            for pruning in prunings:
                runs[pruning].append(ours(Path(tmp), seed, pruning))
            runs["peer"].append(peer(seed))
    print(f"{'seed':>4}  {'run':<18} {'wall s':>7} {'epochs':>6} {'best':<40} {'loss':>7}")
    for i, seed in enumerate(map(int, args.seeds.split(","))):
        for k, rows in runs.items():
            r = rows[i]
            print(f"{seed:>4}  {('lr-sweep ' + k) if k != 'peer' else 'peer (Optuna)':<18} {r['wall']:7.1f} {r['epochs']:6d} "
                  f"{r['best']:<40} {r['loss']:7.4f}")
    med = {k: {f: statistics.median(r[f] for r in rows) for f in ("wall", "epochs", "loss")} for k, rows in runs.items()}
    p = med["peer"]
    print(f"median peer: {p['loss']:.4f} in {p['wall']:.1f} s ({p['epochs']:.0f} epochs)")
    for k in prunings:
        o = med[k]
        print(f"median lr-sweep {k}: {o['loss']:.4f} in {o['wall']:.1f} s ({o['epochs']:.0f} epochs); best "
              f"{o['loss'] / p['loss'] - 1:+.2%} against the peer's, wall x{o['wall'] / p['wall']:.2f}")


if __name__ == "__main__":
    main()
