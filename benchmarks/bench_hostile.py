"""Time and peak memory of a run over each case of the hostile corpus (issue 15), three good plans beside it.

    python benchmarks/bench_hostile.py                        # every case, full size, this checkout
    python benchmarks/bench_hostile.py --code /tmp/old-jobplan --timeout 120 --cases "empty rows bomb"

Each case is built full size (tests/hostile_corpus.py: a 2 GB empty-rows bomb, 60 million shared strings,
5,000 sheets, ...) into --workdir, then ``python -m calculator calculate`` runs on it in a child process
whose whole process tree is sampled every 50 ms for resident memory. A run still going after --timeout
seconds is killed (with its workers) and reported as such. ``--code`` points at another checkout of
jobplan, to measure before and after a change on the same corpus.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from process_memory import tree_rss  # noqa: E402  (beside this script)

from tests.hostile_corpus import CASES, build  # noqa: E402


def run_case(folder: Path, code: Path, timeout: float, jobs: int) -> tuple[float, int, str]:
    """(seconds, peak bytes, outcome) of one calculate run."""
    out = folder.parent / (folder.name + "-out")
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(code))
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "calculator", "calculate", str(folder), "--out", str(out),
                              "--quiet", "--jobs", str(jobs)], cwd=code, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss(child.pid))
        if time.perf_counter() - started > timeout:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            return time.perf_counter() - started, peak, f"still running after {timeout:.0f} s: killed"
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    stdout, stderr = child.communicate()
    summary = "summary written" if (out / "team-summary.xlsx").exists() else "NO summary"
    last = (stderr.decode(errors="replace").strip().splitlines() or [""])[-1][:90]
    tracebacks = stderr.count(b"Traceback")
    outcome = f"exit {child.returncode}, {summary}" + (f", {tracebacks} traceback(s)" if tracebacks else "")
    if child.returncode not in (0, 1):
        outcome += f": {last}"
    return seconds, peak, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", type=Path, default=ROOT, help="the jobplan checkout to run [default: this one]")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/jobplan-hostile"))
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cases", nargs="*", default=list(CASES))
    parser.add_argument("--small", action="store_true", help="the tests' small forms instead of full size")
    parser.add_argument("--second-line", action="store_true",
                        help="lift the look-before-parsing limits (a [limits] table in jobplan.toml) to measure the "
                             "time and memory budgets and the worker isolation behind them")
    args = parser.parse_args()
    print("| case | time | peak memory (process tree) | outcome |\n| --- | ---: | ---: | --- |", flush=True)
    for number, case in enumerate(CASES):
        if case not in args.cases:
            continue
        folder = args.workdir / ("small" if args.small else "full") / f"{number:02d}"
        if not folder.exists():
            build(case, folder, full=not args.small)
        config = folder / "jobplan.toml"
        if args.second_line:
            config.write_text("[limits]\nfile_mb = 1e6\npart_mb = 1e6\npackage_mb = 1e6\ninflation_ratio = 1e6\n"
                              "parts = 1e6\nsheets = 1e6\nsheet_cells = 1e9\n")
        else:
            config.unlink(missing_ok=True)
        seconds, peak, outcome = run_case(folder, args.code, args.timeout, args.jobs)
        print(f"| {case} | {seconds:.1f} s | {peak / (1 << 20):,.0f} MiB | {outcome} |", flush=True)


if __name__ == "__main__":
    main()
