"""Successive halving against the full grid on the same space (issue: >= 3x less compute for the
same winner). For each model seed: the 64-trial space of the speed benchmark (16 learning rates x
4 schedules, 9 epochs) as a full grid and with sweep.search = halving (by default min-epochs 1, eta 3:
rungs after 1 and 3 epochs), back to back. Prints per seed: wall time, epochs trained, best config and
validation loss of each, and whether halving found the grid's winner, or one within noise of it
(the grid's own validation loss within 1%). Run from the project root: src/bench/halving.sh.
"""
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LRS = "[0.001,0.002,0.003,0.005,0.01,0.02,0.03,0.05,0.1,0.15,0.2,0.3,0.4,0.5,0.7,1.0]"
EPOCHS = 9


def sweep(work, name, seed, extra):
    start = time.monotonic()
    p = subprocess.run([str(ROOT / "submit.sh"), "run", "conf/sweep.conf", "--output", str(work), "--overwrite",
                        f"sweep.name={name}", f"sweep.seeds=[{seed}]", f"sweep.learning-rates={LRS}",
                        f"train.epochs={EPOCHS}"] + extra, cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - start
    if p.returncode != 0:
        sys.exit(f"halving bench: {name} failed\n{p.stderr[-3000:]}")
    d = json.load(open(work / name / "best.json"))
    best = d["best"]
    return dict(wall=wall, epochs=sum(r["epochs_run"] for r in d["ranking"]),
                config=(best["learning_rate_base"], best["schedule"]), loss=best["best_val_loss"],
                losses={(r["learning_rate_base"], r["schedule"]): r["best_val_loss"] for r in d["ranking"]})


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1,2,3", help="model seeds to repeat the comparison over")
    ap.add_argument("--min-epochs", type=int, default=1, help="halving.min-epochs (default 1)")
    ap.add_argument("--eta", type=int, default=3, help="halving.eta (default 3)")
    args = ap.parse_args()
    rows, ratios, same = [], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for seed in map(int, args.seeds.split(",")):
            grid = sweep(work, f"grid-{seed}", seed, [])
            halving = sweep(work, f"halving-{seed}", seed, ["sweep.search=halving", f"halving.min-epochs={args.min_epochs}",
                                                            f"halving.eta={args.eta}"])
            # halving's winner, judged by its full-grid validation loss
            found = grid["losses"][halving["config"]]
            ok = halving["config"] == grid["config"] or found <= grid["loss"] * 1.01
            same += ok
            ratios.append(grid["epochs"] / halving["epochs"])
            rows.append((seed, grid, halving, ok))
    print(f"{'seed':>4}  {'grid s':>7} {'epochs':>6} {'grid best':<24} {'loss':>7}  {'halving s':>9} {'epochs':>6} "
          f"{'halving best':<24} {'loss':>7}  {'less compute':>12}  same winner (or within 1%)")
    for seed, g, h, ok in rows:
        print(f"{seed:>4}  {g['wall']:7.1f} {g['epochs']:6d} {label(g):<24} {g['loss']:7.4f}  {h['wall']:9.1f} {h['epochs']:6d} "
              f"{label(h):<24} {h['loss']:7.4f}  {g['epochs'] / h['epochs']:11.1f}x  {'yes' if ok else 'no'}")
    print(f"halving: {min(ratios):.1f}-{max(ratios):.1f}x less compute; the grid's winner (or within 1%) in {same} of {len(rows)} seeds")


def label(run):
    return f"lr {run['config'][0]:g}, {run['config'][1]}"


if __name__ == "__main__":
    main()
