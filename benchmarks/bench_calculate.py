"""How fast jobplan runs on a trust's whole workforce, measured against the floor.

    python benchmarks/bench_calculate.py                  # N = 100, 1000, 5000
    python benchmarks/bench_calculate.py --sizes 100 1000 --seed 7 --jobs 2

For each kind and N it generates N synthetic job plans (the three templates filled in, "workforce", or
small plain plans typed into blank workbooks, "plain"; seeded, so the same N and seed
give the same workbooks; they are kept in --workdir and reused), then measures in one run:
- `calculate` end to end (read, compute, annotate, summary), with the time of each stage;
- the floor: openpyxl loading and saving each of the same workbooks once, in one process: what an
  annotated copy cost when it was made with openpyxl (it is now made at the package level, and the
  "annotate ms/wb" column beside "floor ms/wb" shows the two side by side);
- peak memory (RSS) of the whole process tree, workers included, sampled every 50 ms.
It needs the test extras for the floor (`pip install -e ".[test]"`: openpyxl).
It prints a table with the ratio end-to-end / floor, and last times the summary alone for 10,000
people: the team tables (calculator/team.py) and the writer that lays them out.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "workbook_templates"
sys.path.insert(0, str(ROOT))

from process_memory import tree_rss  # noqa: E402  (beside this script)

from calculator import calculate_folder  # noqa: E402
from calculator.run import available_cores  # noqa: E402

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
GROUPS = ("Nursing", "Physiotherapy", "Occupational therapy", "Dietetics", "Paramedic", "Speech and language therapy")
BANDS = ("5", "6", "7", "8a", "8b")
OPTION1_LINES = ("Clinical phone calls", "Nurse led clinic", "Review inpatients", "SACT Unit – review patients",
                 "MDT meeting (1.5h)", "Informal teaching", "Audit (40%)", "Clinical supervision (1h)",
                 "Research [SPA]", "Staff management – 1-1's", "Clinical Advisory Group (2h) [ANR]",
                 "Teaching at university [ED]", "Outpatient clinic", "Ward round (2h)")
OPTION2_ROWS = ("Coordination of Care", "Clinical phone calls", "Inpatient Service", "Outpatient Service",
                "Clinical Administration", "Leadership & Management", "Research",
                "Evidence-based practice & quality", "Educating self and others")


# -- the synthetic workforce ----------------------------------------------------------------------

def _header(sheet, values: dict) -> None:
    labels = {c.value: c.row for c in sheet["A"] if isinstance(c.value, str)}
    for label, value in values.items():
        if label in labels:
            sheet.cell(labels[label], 2, value)


def _common_header(rng: random.Random, number: int, role_label: str) -> dict:
    hours = rng.choice((37.5, 37.5, 37.5, 30, 22.5, 15, "37.5 hrs", "0.8 WTE"))
    return {"Name:": f"Person {number:05d}", role_label: "Specialist practitioner", "Band:": rng.choice(BANDS),
            "Professional group:": rng.choice(GROUPS), "Team / service:": f"Team {number % 40}",
            "Contracted hours per week:": hours, "NHS service (years):": rng.randint(0, 30)}


def _bnssg(rng: random.Random, number: int, target: Path) -> None:
    book = openpyxl.load_workbook(TEMPLATES / "bnssg_appendix1.xlsx")
    sheet = book["Job plan"]
    _header(sheet, _common_header(rng, number, "Employed Role:"))
    first = next(c.row for c in sheet["B"] if c.value == "Day and time") + 1
    for session in range(10):
        if rng.random() < 0.15:
            continue
        row = first + session
        kind = rng.choice(("Clinical", "Clinical", "Clinical", "SPA", "Integrated (60/40)", "Integrated 70:30",
                           "Integrated"))
        if rng.random() < 0.4:
            start = rng.choice(("08:30", "09:00")) if session % 2 == 0 else rng.choice(("13:00", "13:15"))
            end = {"08:30": "12:15", "09:00": "12:45", "13:00": "16:45", "13:15": "17:00"}[start]
            sheet.cell(row, 2, f"{DAYS[session // 2]}\n{('Morning', 'Afternoon')[session % 2]} session\n{start}-{end}")
        sheet.cell(row, 3, rng.choice(("Clinic", "Ward", "Patients' homes", "Office")))
        sheet.cell(row, 4, kind)
        sheet.cell(row, 5, rng.choice(("MSK clinic", "Urgent care", "CPD", "Audit", "approx 70% clinical")))
    tables = [c.row for c in sheet["D"] if c.value == "Frequency"]
    for header_row, count in zip(tables, (rng.randint(0, 3), rng.randint(0, 2))):
        for offset in range(1, count + 1):
            values = (rng.choice(("Trust HQ", "University", "Hub")), rng.choice(("SPA", "Clinical", "ANR")),
                      rng.choice(("Network meeting (2 hours)", "Peer review", "Teaching, 3 hours")),
                      rng.choice(("monthly", "every 6 weeks", "quarterly", "twice a year", "2 x per month")),
                      rng.choice((None, "3", "Tue pm", "Session 9")))
            for col, value in enumerate(values, start=1):
                sheet.cell(header_row + offset, col, value)
    signed = next(c.row for c in sheet["A"] if c.value == "Employee")
    sheet.cell(signed, 4, datetime(2025, rng.randint(1, 12), rng.randint(1, 28)))
    sheet.cell(signed + 1, 4, datetime(2025, rng.randint(1, 12), rng.randint(1, 28)))
    book.save(target)


def _option1(rng: random.Random, number: int, target: Path) -> None:
    book = openpyxl.load_workbook(TEMPLATES / "cns_option1_typical_week.xlsx")
    sheet = book["Typical week"]
    _header(sheet, _common_header(rng, number, "Job title:"))
    rows = {c.value: c.row for c in sheet["A"] if c.value in ("AM", "PM", "Daily and when required")}
    for label in ("AM", "PM"):
        for day in range(5):
            if rng.random() < 0.9:
                lines = rng.sample(OPTION1_LINES, rng.randint(1, 3))
                sheet.cell(rows[label], 2 + day, "\n".join(lines))
    sheet.cell(rows["Daily and when required"], 2, "Clinical Administration (2h)")
    book.save(target)


def _option2(rng: random.Random, number: int, target: Path) -> None:
    book = openpyxl.load_workbook(TEMPLATES / "cns_option2_sessions.xlsx")
    sheet = book["Sessions"]
    _header(sheet, _common_header(rng, number, "Job title:"))
    column = next(c.column for row in sheet.iter_rows(max_row=20) for c in row
                  if c.value == "*Proposed regular number of sessions")
    total = 0.0
    for name in OPTION2_ROWS:
        sessions = rng.choice((0.5, 1, 1, 1.5, 2))
        row = next(c.row for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith(name))
        sheet.cell(row, column, sessions if rng.random() < 0.7 else f"{sessions:g} sessions")
        total += sessions
    sheet.cell(next(c.row for c in sheet["A"] if c.value == "Total"), column, f"{total:g} sessions")
    book.save(target)


def _one(task: tuple[int, int, str]) -> None:
    number, seed, folder = task
    rng = random.Random(seed * 1_000_003 + number)
    kind = rng.choices((_bnssg, _option1, _option2), weights=(5, 2, 3))[0]
    kind(rng, number, Path(folder) / f"plan {number:05d}.xlsx")


def _plain_one(task: tuple[int, int, str]) -> None:
    """A small plain plan as a person might type it into a blank workbook: no template, no styles."""
    import xlsxwriter

    number, seed, folder = task
    rng = random.Random(seed * 1_000_003 + number)
    book = xlsxwriter.Workbook(str(Path(folder) / f"plain {number:05d}.xlsx"))
    sheet = book.add_worksheet("Job plan")
    rows = [["Name:", f"Plain {number:05d}"], ["Band:", rng.choice(BANDS)],
            ["Contracted hours per week:", rng.choice((37.5, 30, 22.5))], [],
            ["Session", "Day and time", "Location", "Type of work", "Additional Detail"]]
    for session in range(10):
        rows.append([session + 1, f"{DAYS[session // 2]} {('AM', 'PM')[session % 2]}", "Clinic",
                     rng.choice(("Clinical", "Clinical", "SPA", "Integrated (60/40)")), "Outpatients"])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()


def corpus(workdir: Path, n: int, seed: int, kind: str = "workforce") -> Path:
    """N synthetic workbooks, made once for each (kind, N, seed) and kept: the trust templates filled in
    ("workforce"), or small plain plans typed into blank workbooks ("plain")."""
    folder = workdir / (f"corpus-{n}-seed-{seed}" if kind == "workforce" else f"plain-{n}-seed-{seed}")
    if folder.is_dir() and len(list(folder.glob("*.xlsx"))) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    make = _one if kind == "workforce" else _plain_one
    with ProcessPoolExecutor() as pool:
        list(pool.map(make, [(i, seed, str(folder)) for i in range(1, n + 1)], chunksize=25))
    return folder


# -- measuring --------------------------------------------------------------------------------------

class PeakMemory:
    """Peak resident memory of this process and all its descendants, sampled from /proc."""

    def __init__(self, interval: float = 0.05):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid()))
            self._stop.wait(self.interval)


def floor(folder: Path) -> float:
    """openpyxl load + save of each workbook once, in one process: the least an annotated copy costs."""
    out = Path(tempfile.mkdtemp(prefix="jobplan-floor-"))
    started = time.perf_counter()
    for path in sorted(folder.glob("*.xlsx")):
        openpyxl.load_workbook(path).save(out / path.name)
    seconds = time.perf_counter() - started
    shutil.rmtree(out)
    return seconds


def summary_only(people: int) -> tuple[float, float]:
    """The team tables, then the summary writer from them, for this many people: (seconds, of which tables)."""
    from calculator.run import RunResult, summary_info
    from calculator.writers.summary import write_summary

    sample = calculate_folder(ROOT / "sample_data" / "specialist-practice-team",
                              out=Path(tempfile.mkdtemp(prefix="jobplan-sample-")), as_of=date(2026, 11, 23))
    result = RunResult(ROOT, Path(tempfile.mkdtemp(prefix="jobplan-summary-")), sample.as_of, sample.params)
    for i in range(people):
        person = sample.people[i % len(sample.people)]
        result.people.append(replace(person, plan=replace(person.plan, name=f"Person {i:05d}", file=f"p{i}.xlsx")))
        result.inputs.append(Path(f"p{i}.xlsx"))
        result.display_names[result.inputs[-1]] = f"p{i}.xlsx"
    started = time.perf_counter()
    tables = result.tables()
    tables_seconds = time.perf_counter() - started
    write_summary(tables, summary_info(result), result.out / "team-summary.xlsx")
    return time.perf_counter() - started, tables_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", nargs="+", choices=("workforce", "plain"), default=["workforce", "plain"],
                        help="trust templates filled in, and/or small plain plans [default: both]")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for calculate [default: cores]")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "jobplan-bench")
    parser.add_argument("--summary-people", type=int, default=10_000)
    args = parser.parse_args()

    rows = []
    for kind in args.kinds:
        for n in args.sizes:
            folder = corpus(args.workdir, n, args.seed, kind)
            out = args.workdir / f"out-{kind}-{n}"
            shutil.rmtree(out, ignore_errors=True)
            with PeakMemory() as memory:
                started = time.perf_counter()
                result = calculate_folder(folder, out=out, as_of=date(2026, 11, 23), jobs=args.jobs)
                end_to_end = time.perf_counter() - started
            floor_seconds = floor(folder)
            rows.append((kind, n, end_to_end, floor_seconds, memory.peak, result.timings, len(result.people)))
            print(f"{kind} N={n}: {end_to_end:.1f} s end to end, floor {floor_seconds:.1f} s, "
                  f"peak {memory.peak / 2**20:.0f} MiB", file=sys.stderr)

    print(f"\njobplan benchmark: seed {args.seed}, jobs {args.jobs or available_cores()}, "
          f"{os.cpu_count()} cores\n")
    print(f"{'kind':>9} {'N':>6} {'people':>6} {'end to end s':>12} {'ms/workbook':>11} {'floor s':>8} "
          f"{'ratio':>6} {'annotate ms/wb':>14} {'floor ms/wb':>11} {'peak MiB':>8}  stages (s)")
    for kind, n, seconds, floor_seconds, peak, timings, people in rows:
        stages = ", ".join(f"{k} {v:.1f}" for k, v in timings.items())
        annotate = 1000 * timings.get("annotate", 0) / n
        print(f"{kind:>9} {n:>6} {people:>6} {seconds:>12.1f} {1000 * seconds / n:>11.1f} {floor_seconds:>8.1f} "
              f"{seconds / floor_seconds:>6.2f} {annotate:>14.1f} {1000 * floor_seconds / n:>11.1f} "
              f"{peak / 2**20:>8.0f}  {stages}")
    workforce = [row for row in rows if row[0] == "workforce"]
    if len(workforce) > 1:
        per = [1000 * seconds / n for _, n, seconds, *_ in workforce]
        print(f"\ntime per workbook at N={workforce[-1][1]} vs N={workforce[-2][1]}: "
              f"{100 * (per[-1] / per[-2] - 1):+.1f} %")
    seconds, tables_seconds = summary_only(args.summary_people)
    print(f"summary for {args.summary_people} people, team tables included: {seconds:.1f} s "
          f"(of which the tables {tables_seconds:.1f} s)")


if __name__ == "__main__":
    main()
