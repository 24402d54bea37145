"""Population-based training against the full grid (issue #19: PBT's best within 1% of the grid's, or
better, at half its compute). For each seed (the model's, and PBT's search seed): the grid of
conf/sweep.conf (4 rates x 4 schedules) at 18 epochs; conf/pbt.conf (8 members, rates log-uniform
in [0.01, 1], constant, every 3 epochs the bottom quarter exploits the top quarter) at 18 epochs;
the best member's discovered schedule from best.json replayed from scratch as a fixed schedule; and
8 trials drawn by random search from conf/pbt.conf's space, trained without interruption (the same
compute as PBT, without its intervals). Prints per seed each one's epochs trained, wall time and
best validation loss (with its config), then the medians, and what intervals cost: the set-up time
per member (task time outside its epochs: building the network, loading and saving the state), in
PBT's segments and in the uninterrupted trials. Run from the project root: src/bench/pbt.sh.
"""
import argparse, json, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EPOCHS = 18


def sweep(work, conf, name, seed, extra):
    start = time.monotonic()
    p = subprocess.run([str(ROOT / "submit.sh"), "run", conf, "--output", str(work), "--overwrite", f"sweep.name={name}",
                        f"sweep.seeds=[{seed}]", f"train.epochs={EPOCHS}"] + extra, cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - start
    if p.returncode != 0:
        sys.exit(f"pbt bench: {name} failed\n{p.stderr[-3000:]}")
    d = json.load(open(work / name / "best.json"))
    best = d["best"]
    journal = [json.load(open(f)) for f in (work / name / "journal").glob("*.json")]
    setup = sum(j["trainMillis"] - sum(e["millis"] for e in j["epochs"]) for j in journal) / len(journal)
    return dict(wall=wall, epochs=sum(r["epochs_run"] for r in d["ranking"]), loss=best["best_val_loss"],
                config=f"lr {best['learning_rate_base']:.3g}, {best['schedule']}", best=d, setup=setup)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1,2,3,4,5,6,7,8", help="seeds (default 1 to 8)")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for seed in map(int, args.seeds.split(",")):
            grid = sweep(work, "conf/sweep.conf", f"grid-{seed}", seed, [])
            pbt = sweep(work, "conf/pbt.conf", f"pbt-{seed}", seed, [f"sweep.search-seed={seed}"])
            found = pbt["best"]["discovered_schedule"]["config"]
            rates = pbt["best"]["discovered_schedule"]["rates"]
            pbt["config"] = f"{rates[0]:.3g} → {rates[-1]:.3g}"
            replay = sweep(work, "conf/sweep.conf", f"replay-{seed}", seed,
                           [f"sweep.learning-rates=[{found['learning-rate']}]", f"sweep.schedules=[{json.dumps(found['schedule'])}]"])
            plain = sweep(work, "conf/pbt.conf", f"random-{seed}", seed,
                          [f"sweep.search-seed={seed}", "sweep.search=random", f"sweep.trials={len(pbt['best']['ranking'])}"])
            rows.append((seed, grid, pbt, replay, plain))
    print(f"{'seed':>4}  {'grid: epochs, s':>16} {'its best':<30} {'loss':>7}  {'pbt: epochs, s':>15} {'discovered':<18} {'loss':>7}"
          f"  {'replay loss':>11}  {'pbt/grid':>8}  {'random: s':>9} {'loss':>7}")
    for seed, g, p, r, u in rows:
        print(f"{seed:>4}  {g['epochs']:>7d}, {g['wall']:6.1f} {g['config']:<30} {g['loss']:7.4f}  {p['epochs']:>6d}, {p['wall']:6.1f} "
              f"{p['config']:<18} {p['loss']:7.4f}  {r['loss']:11.4f}  {p['loss'] / g['loss'] - 1:+8.2%}  {u['wall']:9.1f} {u['loss']:7.4f}")
    med = lambda i, f: statistics.median(row[i][f] for row in rows)
    print(f"median: grid {med(1, 'loss'):.4f} ({med(1, 'epochs'):.0f} epochs, {med(1, 'wall'):.1f} s); pbt {med(2, 'loss'):.4f} "
          f"({med(2, 'epochs'):.0f} epochs, {med(2, 'wall'):.1f} s); replay {med(3, 'loss'):.4f}; pbt/grid "
          f"{med(2, 'loss') / med(1, 'loss') - 1:+.2%} at {med(2, 'epochs') / med(1, 'epochs'):.2f}x the compute; "
          f"{sum(row[2]['loss'] <= 1.01 * row[1]['loss'] for row in rows)} of {len(rows)} seeds within 1% of the grid")
    print(f"median: random search, the same compute uninterrupted: {med(4, 'loss'):.4f} ({med(4, 'wall'):.1f} s); set-up per member: "
          f"{med(2, 'setup'):.0f} ms over pbt's segments, {med(4, 'setup'):.0f} ms in an uninterrupted trial")


if __name__ == "__main__":
    main()
