"""The outputs are one consistent set, or the earlier set untouched (issue 15, and issue 13's locked output)."""
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from calculator import calculate_folder
from calculator.cli import main
from calculator.writers.outputs import LOCK_NAME

from .common import ROOT, SAMPLE_TEAM, copy_sample_team, staff_rows

AS_OF = date(2026, 11, 23)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def snapshot(out: Path) -> dict:
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def consistent(out: Path) -> int:
    """The number of people when the summary and the annotated copies are one set (one copy a workbook here)."""
    people = len(staff_rows(out / "team-summary.xlsx"))
    copies = len(list((out / "annotated").iterdir()))
    assert people == copies, (people, copies)
    return people


@pytest.fixture
def earlier(tmp_path):
    folder = copy_sample_team(tmp_path / "team")
    out = tmp_path / "out"
    assert calculate_folder(folder, out=out, as_of=AS_OF).exit_code == 0
    return folder, out, snapshot(out)


def chattr(path: Path, flag: str) -> bool:
    return shutil.which("chattr") is not None and subprocess.run(["chattr", flag, str(path)],
                                                                 capture_output=True).returncode == 0


@pytest.mark.parametrize("locked", ["team-summary.xlsx", "annotated/Dev Patel ACP.xlsx"])
def test_an_output_open_in_excel_stops_the_run_and_keeps_the_earlier_set(earlier, locked):
    """An immutable file stands in for one Excel holds open (Windows refuses to replace it the same way)."""
    folder, out, before = earlier
    if not IS_ROOT or not chattr(out / locked, "+i"):
        pytest.skip("needs chattr +i (root on a Linux file system)")
    try:
        result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(out)])
    finally:
        chattr(out / locked, "-i")
    assert result.exit_code == 1
    assert f"Close {locked} (open in Excel?) and run again" in result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before and hidden(out) == []  # nothing left behind, no hidden folders


def test_a_second_run_into_the_same_folder_is_refused_while_the_first_runs(earlier):
    folder, out, _ = earlier
    (out / LOCK_NAME).write_text(f"{os.getppid()} {os.uname().nodename}\n")  # a live process: pytest's parent
    before = snapshot(out)
    result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    assert f"Another jobplan run (process {os.getppid()}) is writing to {out}" in result.output
    assert snapshot(out) == before


def test_a_lock_left_by_a_dead_run_and_its_leftovers_are_cleared(earlier):
    folder, out, _ = earlier
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / LOCK_NAME).write_text(f"{dead.pid} {os.uname().nodename}\n")
    (out / ".annotated-k1x2").mkdir()
    (out / ".annotated-k1x2" / "Dev Patel ACP.xlsx").write_bytes(b"a staff plan from a killed run")
    (out / ".~jobplan-run-abc").mkdir()
    (out / ".~jobplan-9q.xlsx").write_bytes(b"half a summary")
    run = calculate_folder(folder, out=out, as_of=AS_OF)
    assert run.exit_code == 0
    assert hidden(out) == []
    assert consistent(out) == 10


def test_a_copy_that_cannot_be_written_counts_in_the_exit_code(earlier, monkeypatch):
    folder, out, _ = earlier
    from calculator.writers import annotated

    real = annotated.write_annotated

    def fails_for_dev(source, *args, **kwargs):
        if source.name == "Dev Patel ACP.xlsx":
            raise ValueError("a workbook openpyxl cannot copy")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(annotated, "write_annotated", fails_for_dev)  # workers are forked: they see it
    result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    assert "No annotated copy (see Findings): Dev Patel ACP.xlsx" in result.output
    assert len(staff_rows(out / "team-summary.xlsx")) == 10
    assert not (out / "annotated" / "Dev Patel ACP.xlsx").exists()  # not the earlier run's copy beside new ones
    assert len(list((out / "annotated").iterdir())) == 9


def test_a_full_disk_is_a_plain_message_and_the_earlier_set_is_kept(earlier, monkeypatch):
    """The summary writer's XlsxWriter reports a full disk as FileCreateError, which is not an OSError."""
    folder, out, before = earlier
    from xlsxwriter.exceptions import FileCreateError

    from calculator.writers import summary

    def full(*_args):
        raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr(summary, "write_summary", full)
    result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    assert "The disk is full: free some space and run again." in result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    assert snapshot(out) == before and hidden(out) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB file system, or a skip where one cannot be mounted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if not IS_ROOT or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                                     capture_output=True).returncode != 0:
        pytest.skip("needs to mount a small tmpfs (root)")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_disk_that_fills_up_half_way_keeps_the_earlier_set(tmp_path, small_disk):
    folder = copy_sample_team(tmp_path / "team")
    out = small_disk / "out"
    assert calculate_folder(folder, out=out, as_of=AS_OF).exit_code == 0
    before = snapshot(out)
    for n in range(70):  # the next run's copies (~20 KB each) will not fit beside the earlier ones
        shutil.copy(SAMPLE_TEAM / "Dev Patel ACP.xlsx", folder / f"copy {n}.xlsx")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-m", "calculator", "calculate", str(folder), "--out", str(out)],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    assert run.returncode == 1
    assert "The disk is full: free some space and run again." in run.stderr
    assert "Traceback" not in run.stderr + run.stdout and "Exception ignored" not in run.stderr
    assert snapshot(out) == before and hidden(out) == []


def test_a_fresh_output_on_a_full_disk_leaves_nothing(tmp_path, small_disk):
    folder = copy_sample_team(tmp_path / "team")
    (small_disk / "filler").write_bytes(b"\0" * ((1 << 20) - 60_000))  # 60 KB free: less than a summary
    out = small_disk / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-m", "calculator", "calculate", str(folder), "--out", str(out)],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "The disk is full: free some space and run again." in run.stderr
    assert "Traceback" not in run.stderr + run.stdout and "Exception ignored" not in run.stderr
    assert not out.exists()


def _processes_running(folder: Path) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if str(folder).encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                    found.append(int(entry))
            except OSError:
                pass
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the run's processes in /proc")
def test_killing_a_run_half_way_leaves_one_set_and_the_next_run_is_clean(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    workbooks = sorted(SAMPLE_TEAM.glob("*.xlsx"))
    for n in range(60):
        shutil.copy(workbooks[n % len(workbooks)], folder / f"plan {n:03d}.xlsx")
    out = tmp_path / "out"
    assert calculate_folder(folder, out=out, as_of=AS_OF).exit_code == 0
    assert consistent(out) == 60
    for n in range(60, 80):
        shutil.copy(workbooks[n % len(workbooks)], folder / f"plan {n:03d}.xlsx")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for sig in (signal.SIGTERM, signal.SIGKILL):
        child = subprocess.Popen([sys.executable, "-m", "calculator", "calculate", str(folder), "--out", str(out),
                                  "--quiet", "--jobs", "2"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        started = time.monotonic()
        while time.monotonic() - started < 60:  # half-way through the annotated copies
            staged = list(out.glob(".~jobplan-run-*/new/annotated/*.xlsx"))
            if len(staged) >= 30:
                break
            time.sleep(0.02)
        child.send_signal(sig)
        _, stderr = child.communicate(timeout=30)
        assert child.returncode == -sig or child.returncode == 143, stderr
        if sig == signal.SIGTERM:
            assert b"Traceback" not in stderr and b"Stopped." in stderr
            assert hidden(out) == []  # cleaned up on the way out
        time.sleep(0.5)
        assert _processes_running(folder) == []  # no orphaned workers
        assert consistent(out) == 60  # the earlier set, whole
    run = calculate_folder(folder, out=out, as_of=AS_OF)
    assert run.exit_code == 0
    assert hidden(out) == []
    assert consistent(out) == 80


def test_an_output_folder_that_vanishes_mid_run_is_a_plain_message(tmp_path, monkeypatch):
    folder = copy_sample_team(tmp_path / "team")
    out = tmp_path / "out"
    from calculator.writers import annotated

    real = annotated.write_annotated

    def pulled_away(source, target, *args, **kwargs):
        shutil.rmtree(out, ignore_errors=True)  # a network share dropping, a colleague deleting the folder
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(annotated, "write_annotated", pulled_away)
    result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    assert f"The output folder {out} disappeared (or was replaced) while jobplan was writing" in result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
