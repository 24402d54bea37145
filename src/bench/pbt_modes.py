"""A population that fits the task slots, trained both ways: one job with a task per member for the
whole run, against a job per interval (forced with spark.default.parallelism=1, which only changes
the mode: local mode still runs 2 tasks at once). conf/pbt.conf with 2 members on this machine's 2
slots, 18 epochs, interval 3; --repeat runs each way, alternating which goes first. Prints each
run's wall time and the members' set-up time (task time outside their epochs, from the journals),
then the medians, and checks both ways ended with the same histories. Run from the project root:
src/bench/pbt-modes.sh [--repeat 5].
"""
import argparse, json, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODES = {"one job": [], "job per interval": ["--conf", "spark.default.parallelism=1"]}


def run(work, mode):
    start = time.monotonic()
    p = subprocess.run([str(ROOT / "submit.sh"), "run", "conf/pbt.conf", "--output", str(work), "--overwrite", "sweep.name=modes",
                        "sweep.pbt.population=2"] + MODES[mode], cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - start
    if p.returncode != 0:
        sys.exit(f"pbt-modes bench: {mode} failed\n{p.stderr[-3000:]}")
    journal = [json.load(open(f)) for f in (work / "modes" / "journal").glob("*.json")]
    setup = sum(j["trainMillis"] - sum(e["millis"] for e in j["epochs"]) for j in journal) / len(journal)
    epochs = {j["trialId"]: [{k: v for k, v in e.items() if k != "millis"} for e in j["epochs"]] for j in journal}
    return dict(wall=wall, setup=setup, epochs=epochs, log=p.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs each way (default 5)")
    args = ap.parse_args()
    runs = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            for mode in (list(MODES) if i % 2 == 0 else list(reversed(MODES))):
                r = run(Path(tmp), mode)
                runs[mode].append(r)
                print(f"{mode:>17}: {r['wall']:5.1f} s, set-up {r['setup']:4.0f} ms a member", flush=True)
    assert "a task per member for the whole run" in runs["one job"][0]["log"], "one job: not the mode it names"
    assert "a job per interval" in runs["job per interval"][0]["log"], "job per interval: not the mode it names"
    same = all(r["epochs"] == runs["one job"][0]["epochs"] for rs in runs.values() for r in rs)
    for mode, rs in runs.items():
        print(f"median {mode}: {statistics.median(r['wall'] for r in rs):.1f} s wall, "
              f"set-up {statistics.median(r['setup'] for r in rs):.0f} ms a member")
    print("the same histories both ways" if same else "HISTORIES DIFFER between runs")


if __name__ == "__main__":
    main()
