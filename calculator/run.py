"""A folder of workbooks in, annotated copies and a team summary out: the library's main call."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from .checks import Person, assess, review_against_band_medians
from .cycle import Changes, Previous, compare, match_demand, read_previous
from .errors import JobplanError, NoJobPlansError, OutputError, WorkbookError
from .model import SEVERITIES, Finding
from .params import CONFIG_FILE_NAME, Params, load_params
from .readers.delivered import DELIVERED_NAMES, find_delivered, name_key, read_delivered
from .readers.demand import DEMAND_NAMES, Demand, find_demand, read_demand
from .readers.detect import read_workbook
from .readers.workbook import EXCEL_SUFFIXES, READABLE_SUFFIXES
from .variances import unmatched_variances

OUTPUT_FOLDER_NAME = "jobplan-output"
SUMMARY_NAME = "team-summary.xlsx"
ANNOTATED_FOLDER_NAME = "annotated"
# files a manager's folder holds that are ours or the system's, passed over without a word
QUIET_NAMES = {CONFIG_FILE_NAME, "desktop.ini", "thumbs.db", *DELIVERED_NAMES, *DEMAND_NAMES}
# other formats a job plan arrives in: named so the manager knows that person is missing
LIKELY_JOB_PLANS = {".xlsb", ".numbers", ".doc", ".docx", ".odt", ".pdf"}


@dataclass
class RunResult:
    """What one run read, worked out and wrote."""

    folder: Path
    out: Path
    as_of: date
    params: Params
    people: list[Person] = field(default_factory=list)
    file_findings: list[Finding] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    summary_path: Path | None = None
    annotated: list[Path] = field(default_factory=list)
    # (file, traceback) of unexpected errors, shown with --debug
    tracebacks: list[tuple[str, str]] = field(default_factory=list)
    # seconds spent in each stage, for the benchmark
    timings: dict[str, float] = field(default_factory=dict)
    # what changed since an earlier summary (--previous), see calculator/cycle.py
    changes: "Changes | None" = None
    # the service's demand, from demand.csv or demand.xlsx beside the plans
    demand: "Demand | None" = None

    @property
    def findings(self) -> list[Finding]:
        """Every finding: about files first, then each person's, in the order people were read."""
        return self.file_findings + [f for person in self.people for f in person.findings]

    @property
    def exit_code(self) -> int:
        """0 when every workbook was read, 1 when some could not be."""
        return 1 if self.unreadable else 0

    def severity_counts(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {severity: counts.get(severity, 0) for severity in SEVERITIES}


def default_out(folder: Path) -> Path:
    return Path(folder) / OUTPUT_FOLDER_NAME


def params_for_folder(folder: Path, config: Path | None = None) -> Params:
    """The trust policy: the given file, else jobplan.toml in the folder, else method.md's defaults."""
    if config is not None:
        return load_params(config)
    local = Path(folder) / CONFIG_FILE_NAME
    return load_params(local) if local.is_file() else Params()


def find_inputs(folder: Path, out: Path) -> tuple[list[Path], list[Finding]]:
    """The workbooks in the folder (not its subfolders, nor our own outputs), and notes on files passed over."""
    workbooks, passed_over = [], []
    out = out.resolve()
    for path in sorted(Path(folder).iterdir(), key=lambda p: p.name.casefold()):
        if not path.is_file() or path.name.startswith((".", "~$")) or path.name.casefold() in QUIET_NAMES:
            continue
        if path.resolve().parent == out and path.name == SUMMARY_NAME:
            continue
        if path.suffix.casefold() in READABLE_SUFFIXES:
            workbooks.append(path)
        elif path.suffix.casefold() in LIKELY_JOB_PLANS:
            passed_over.append(Finding(path.name, "", "", "warning",
                                       "Not read: jobplan reads spreadsheets (.xlsx, .xlsm, .xls, .ods), and this is a "
                                       f"{path.suffix} file, which may be someone's job plan.",
                                       "Open it, copy the plan into the jobplan template, save as .xlsx, run again."))
        else:
            passed_over.append(Finding(path.name, "", "", "info",
                                       "Not read: jobplan reads spreadsheets (.xlsx, .xlsm, .xls, .ods).",
                                       "Save the job plan as an Excel workbook if it is one."))
    return workbooks, passed_over


def _nothing_to_read(folder: Path, passed_over: list[Finding]) -> str:
    """What was looked for and where, what was there instead, and what to do."""
    kinds = ", ".join(READABLE_SUFFIXES)
    lines = [f"No job plans to read in {folder}: jobplan reads the spreadsheets ({kinds}) in that folder itself, "
             "not in its subfolders."]
    if passed_over:
        lines.append("It holds only: " + ", ".join(f.file for f in passed_over) + ".")
    below = [sub for sub in sorted(folder.iterdir()) if sub.is_dir() and not sub.name.startswith(".")
             and sub.name != OUTPUT_FOLDER_NAME and _holds_spreadsheets(sub)]
    if below:
        lines.append("Spreadsheets are in " + ", ".join(f'"{sub}"' for sub in below) + ": give that folder instead.")
    lines.append("Put the team's job plan workbooks in the folder and run again. Nothing was written.")
    return "\n".join(lines)


def _holds_spreadsheets(folder: Path) -> bool:
    try:
        return any(p.suffix.casefold() in READABLE_SUFFIXES and not p.name.startswith(("~$", "."))
                   for p in folder.iterdir())
    except OSError:  # a subfolder we may not list is no hint
        return False


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def calculate_folder(folder: Path | str, out: Path | str | None = None, params: Params | None = None,
                     as_of: date | None = None, jobs: int | None = None,
                     progress: Progress | None = None, previous: Path | str | None = None) -> RunResult:
    """Read every job plan in ``folder``, work out and check each, and write the outputs into ``out``.

    ``params`` defaults to the folder's jobplan.toml (or method.md's defaults); ``as_of`` to today;
    ``jobs`` (worker processes) to the cores available. Results come back in file order, so the
    outputs are the same whatever ``jobs`` is. ``previous`` (an earlier jobplan-output folder or its
    team-summary.xlsx) adds what changed since then. One bad workbook never stops the others: it becomes
    an error finding and an entry in ``unreadable``. Inputs are only read. Each output is written
    whole or not at all, and the annotated copies of an earlier run into the same ``out`` are
    replaced as a set, so none is left over from it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise JobplanError(f"{folder} is not a folder.")
    out = Path(out) if out is not None else default_out(folder)
    if (out / ANNOTATED_FOLDER_NAME).resolve() == folder.resolve():
        raise JobplanError(f"The annotated copies would be written over the workbooks in {folder}: "
                           "choose another output folder.")
    inputs, passed_over = find_inputs(folder, out)
    if not inputs:  # before anything is written: an empty summary would only mislead
        raise NoJobPlansError(_nothing_to_read(folder, passed_over))
    _check_writable(out)
    params = params if params is not None else params_for_folder(folder)
    earlier = read_previous(previous) if previous is not None else None  # before anything is written over it
    result = RunResult(folder, out, as_of or date.today(), params)
    result.inputs, result.file_findings = inputs, passed_over
    result.unreadable.extend(f.file for f in result.file_findings if f.severity == "warning")

    with Workers(jobs, len(result.inputs)) as workers:
        started = time.perf_counter()
        people_by_file: dict[Path, list[Person]] = {}
        tasks = [(path, params, result.as_of) for path in result.inputs]
        for done, (path, read) in enumerate(zip(result.inputs, workers.map(_read_one, tasks)), start=1):
            people_by_file[path] = _take(result, path, read)
            if progress:
                progress("read", done, len(tasks))
        result.timings["read and compute"] = time.perf_counter() - started
        _flag_same_person_twice(result.people)
        review_against_band_medians(result.people, params, result.as_of)  # needs the whole team: each band's median
        result.file_findings.extend(unmatched_variances([p.plan.name for p in result.people],
                                                        params.agreed_variances, CONFIG_FILE_NAME))
        delivered_path = find_delivered(folder)
        if delivered_path is not None:
            _attach_delivered(result, delivered_path)
        if earlier is not None:
            _compare_with_previous(result, earlier)
        demand_path = find_demand(folder)
        if demand_path is not None:
            _attach_demand(result, demand_path)
        started = time.perf_counter()
        _write_annotated_copies(result, people_by_file, workers, progress)
        result.timings["annotate"] = time.perf_counter() - started
    started = time.perf_counter()
    result.summary_path = out / SUMMARY_NAME
    from .writers.summary import write_summary

    write_summary(result, result.summary_path)
    result.timings["summary"] = time.perf_counter() - started
    return result


@dataclass
class _Read:
    """What a worker sends back for one workbook: small, never the workbook itself."""

    people: list[Person]
    findings: list[Finding]
    readable: bool
    tracebacks: list[tuple[str, str]]
    seconds_reading: float
    seconds_computing: float


def _read_one(task: tuple[Path, Params, date]) -> _Read:
    """One workbook's people and findings; a workbook that cannot be read becomes a finding."""
    path, params, as_of = task
    started = time.perf_counter()
    tracebacks = []
    try:
        plans, findings = read_workbook(path, params, display_name=path.name)
    except WorkbookError as exc:
        plans, findings = [], [Finding(path.name, "", "", "error", str(exc), exc.action)]
    except Exception as exc:  # one broken workbook must not stop the team's run
        tracebacks.append((path.name, traceback.format_exc()))
        plans, findings = [], [Finding(path.name, "", "", "error",
                                       f"jobplan could not read this workbook ({type(exc).__name__}: {exc}).",
                                       "Open it in Excel, save it as .xlsx, and run again; if it still fails, "
                                       "send the workbook and this message to the jobplan team.")]
    read = time.perf_counter()
    people = [assess(plan, params, as_of) for plan in plans]
    return _Read(people, findings, bool(plans), tracebacks, read - started, time.perf_counter() - read)


def _take(result: RunResult, path: Path, read: _Read) -> list[Person]:
    result.file_findings.extend(read.findings)
    result.tracebacks.extend(read.tracebacks)
    if not read.readable:
        result.unreadable.append(path.name)
    result.people.extend(read.people)
    result.timings["reading (all workers)"] = result.timings.get("reading (all workers)", 0) + read.seconds_reading
    result.timings["computing (all workers)"] = (result.timings.get("computing (all workers)", 0)
                                                 + read.seconds_computing)
    return read.people


def available_cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Workers:
    """Runs a function over items in worker processes (or here, for one job or one file), results in order."""

    def __init__(self, jobs: int | None, files: int):
        self.count = min(jobs or available_cores(), files)
        self._executor = None
        if self.count > 1:
            from concurrent.futures import ProcessPoolExecutor

            self._executor = ProcessPoolExecutor(max_workers=self.count)

    def map(self, function, items: list) -> Iterator:
        """Results in the order of ``items``, streamed as they are ready."""
        if self._executor is None:
            return map(function, items)
        # chunks small enough to keep every worker busy to the end, large enough to spare the queue
        chunk = max(1, min(16, len(items) // (8 * self.count)))
        return self._executor.map(function, items, chunksize=chunk)

    def stop(self) -> None:
        """Cancel what has not started and wait for what has: before removing the folder they write into."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _annotate_one(task: tuple[Path, Path, list[Person], Params]) -> tuple[str | None, list]:
    """Write one annotated copy; the error message when it could not be written, and notes on how it was."""
    from .writers.annotated import write_annotated

    source, target, people, params = task
    try:
        return None, write_annotated(source, target, people, params)
    except Exception as exc:  # the summary is still worth writing
        return f"{exc}\n{traceback.format_exc()}", []


def _write_annotated_copies(result: RunResult, people_by_file: dict[Path, list[Person]], workers: Workers,
                            progress: Progress | None = None) -> None:
    """Every copy into a fresh folder beside the old one, then the folder swapped in whole."""
    from .writers.annotated import annotated_name

    final = result.out / ANNOTATED_FOLDER_NAME
    staging = Path(tempfile.mkdtemp(prefix=".annotated-", dir=result.out))
    try:
        # a workbook copied under its own name keeps it; a converted one (.xls, .ods) takes what is left
        names: dict[Path, str] = {}
        taken: set[str] = set()
        for path in sorted(people_by_file, key=lambda p: p.suffix.lower() not in EXCEL_SUFFIXES):
            if people_by_file[path]:
                names[path] = annotated_name(path, taken)
        paths = [path for path in people_by_file if people_by_file[path]]
        tasks = [(path, staging / names[path], people_by_file[path], result.params) for path in paths]
        for done, (path, (error, notes)) in enumerate(zip(paths, workers.map(_annotate_one, tasks)), start=1):
            if progress:
                progress("annotate", done, len(tasks))
            name = names[path]
            result.file_findings.extend(Finding(path.name, "", "", "info", note.message, note.action)
                                        for note in notes)
            if error is not None:
                message, _, trace = error.partition("\n")
                result.tracebacks.append((path.name, trace))
                result.file_findings.append(Finding(path.name, "", "", "error",
                                                    f"The annotated copy could not be written ({message}).",
                                                    "Open the workbook in Excel, save it again, and run again."))
                continue
            result.annotated.append(final / name)
            if name != path.name:
                result.file_findings.append(Finding(path.name, "", "", "info",
                                                    f"The annotated copy is {name}: jobplan writes .xlsx copies.",
                                                    ""))
        _swap_in(staging, final)
    except BaseException:
        workers.stop()  # before their folder goes
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` with ``staging``: the old copies stay until the new set is complete."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes a private folder; the copies are for the team
    old = None
    try:
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=".annotated-old-", dir=final.parent))
            os.replace(final, old / final.name)
        os.replace(staging, final)
    except OSError as exc:
        if old is not None and not final.exists():
            os.replace(old / final.name, final)  # put the earlier copies back
        raise OutputError(f"The annotated copies could not replace those in {final} ({exc.strerror or exc}); "
                          "close any of them open in Excel and run again.") from None
    finally:
        if old is not None and final.exists():  # else the earlier copies are all that is left: keep them
            shutil.rmtree(old, ignore_errors=True)


def _check_writable(out: Path) -> None:
    """Fail before reading anything when the outputs cannot be written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(prefix=".jobplan-probe-", dir=out)
        probe.close()
    except OSError as exc:
        raise OutputError(f"The output folder {out} cannot be written to ({exc.strerror or exc}). "
                          "Choose another with --out.") from None


def _attach_delivered(result: RunResult, path: Path) -> None:
    """Delivered hours onto each person by name; a name that matches no job plan is reported."""
    try:
        delivered = read_delivered(path)
    except Exception as exc:  # a broken side file must not stop the team's run
        result.file_findings.append(Finding(path.name, "", "", "warning",
                                            f"The delivered hours could not be read ({exc}).",
                                            "Save it as a .csv or .xlsx with Name and Delivered hours columns."))
        return
    result.file_findings.extend(delivered.findings)
    people = {name_key(p.plan.name): p for p in result.people if p.plan.name}
    for key, (hours, row, name) in delivered.hours.items():
        if key in people:
            people[key].delivered_hours = hours
        else:
            result.file_findings.append(Finding(path.name, "", f"row {row}", "warning",
                                                f"Delivered hours for '{name}', a name that matches no job plan.",
                                                "Check the spelling matches the name on the job plan."))


def _flag_same_person_twice(people: list[Person]) -> None:
    """method.md §5: the same person in two files (or twice in one workbook) is a warning on each."""
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        if person.plan.name:
            by_name[name_key(person.plan.name)].append(person)
    for same in by_name.values():
        if len(same) < 2:
            continue
        places = "; ".join(f"{p.plan.file}, sheet '{p.plan.sheet}'" for p in same)
        for person in same:
            person.findings.append(Finding(
                person.plan.file, person.plan.sheet, person.plan.cells.get("name", ""), "warning",
                f"{person.plan.name} has more than one job plan: {places}.",
                "Keep one current job plan per person and move the others out of the folder.",
            ))


def _compare_with_previous(result: RunResult, previous: Previous) -> None:
    """What changed since the earlier summary; its findings (ambiguous names, copied-forward plans) join the run's."""
    result.changes = compare(result.people, previous, result.params)
    result.file_findings.extend(previous.findings + result.changes.findings)


def _attach_demand(result: RunResult, path: Path) -> None:
    """The service's demand; a row naming no plan's team or group is reported."""
    try:
        result.demand = read_demand(path)
    except Exception as exc:  # a broken side file must not stop the team's run
        result.file_findings.append(Finding(path.name, "", "", "warning", f"The demand could not be read ({exc}).",
                                            "Save it as a .csv or .xlsx with Team and Demand DCC hours a week "
                                            "columns."))
        return
    result.file_findings.extend(result.demand.findings + match_demand(result.people, result.demand)[1])
