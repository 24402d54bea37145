"""Successive halving against the full grid on the same space (issue: >= 3x less compute for the
same winner). For each model seed: 16 learning rates x the 4 schedules of conf/sweep.conf, 27 epochs,
as a full grid and with sweep.search = halving (halving's defaults unless --min-epochs / --eta say
otherwise: min-epochs 2, eta 3, so rungs after 2, 6 and 18 epochs), back to back. Prints per seed:
wall time, epochs trained, best config and validation loss of each, and whether halving found the
grid's winner: the same config, or one within noise of it (its grid validation loss within 1% of the
winner's), or not. Run from the project root: src/bench/halving.sh.
"""
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LRS = "[0.001,0.002,0.003,0.005,0.01,0.02,0.03,0.05,0.1,0.15,0.2,0.3,0.4,0.5,0.7,1.0]"


def sweep(work, name, seed, epochs, extra):
    start = time.monotonic()
    p = subprocess.run([str(ROOT / "submit.sh"), "run", "conf/sweep.conf", "--output", str(work), "--overwrite",
                        f"sweep.name={name}", f"sweep.seeds=[{seed}]", f"sweep.learning-rates={LRS}",
                        f"train.epochs={epochs}"] + extra, cwd=ROOT, capture_output=True, text=True)
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
    ap.add_argument("--seeds", default="1,2,3,4,5", help="model seeds to repeat the comparison over (default 1-5)")
    ap.add_argument("--min-epochs", type=int, help="halving.min-epochs (default: the config's, 2)")
    ap.add_argument("--eta", type=int, help="halving.eta (default: the config's, 3)")
    ap.add_argument("--epochs", type=int, default=27, help="train.epochs (default 27)")
    ap.add_argument("--search-seed", type=int, help="sweep.search-seed, the order halving trains in (default: the config's, 1)")
    args = ap.parse_args()
    halving_keys = ["sweep.search=halving"] + [f"{key}={value}" for key, value in
                                                (("halving.min-epochs", args.min_epochs), ("halving.eta", args.eta),
                                                 ("sweep.search-seed", args.search_seed)) if value is not None]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for seed in map(int, args.seeds.split(",")):
            grid = sweep(work, f"grid-{seed}", seed, args.epochs, [])
            halving = sweep(work, f"halving-{seed}", seed, args.epochs, halving_keys)
            # halving's winner, judged by its full-grid validation loss
            gap = grid["losses"][halving["config"]] / grid["loss"] - 1
            verdict = "same" if halving["config"] == grid["config"] else f"within {gap:.1%}" if gap <= 0.01 else f"no, {gap:.1%} worse"
            rows.append((seed, grid, halving, verdict))
    print(f"{'seed':>4}  {'grid s':>7} {'epochs':>6} {'grid best':<26} {'loss':>7}  {'halving s':>9} {'epochs':>6} "
          f"{'halving best':<26} {'loss':>7}  {'less compute':>12}  winner")
    for seed, g, h, verdict in rows:
        print(f"{seed:>4}  {g['wall']:7.1f} {g['epochs']:6d} {label(g):<26} {g['loss']:7.4f}  {h['wall']:9.1f} {h['epochs']:6d} "
              f"{label(h):<26} {h['loss']:7.4f}  {g['epochs'] / h['epochs']:11.1f}x  {verdict}")
    ratios = [g["epochs"] / h["epochs"] for _, g, h, _ in rows]
    same = sum(v == "same" for *_, v in rows)
    near = sum(v.startswith("within") for *_, v in rows)
    print(f"halving ({' '.join(halving_keys[1:]) or 'halving defaults'}): {min(ratios):.1f}-{max(ratios):.1f}x less compute; "
          f"the grid's winner in {same} of {len(rows)} seeds, one within 1% of it in {near} more")


def label(run):
    return f"lr {run['config'][0]:g}, {run['config'][1]}"


if __name__ == "__main__":
    main()
