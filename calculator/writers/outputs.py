"""The outputs of a run as one set: staged together, swapped in together, or the earlier set left as it was.

A run writes its summary and annotated copies into a hidden staging folder inside the output folder
(same disk, so moving them in is a rename). Only when every one is written are the earlier outputs
moved aside and the new ones moved in; a journal file records that moment, so a run killed in the
middle of it (SIGKILL, a power cut) is finished by the next run before anything else. A lock file
keeps a second run out of the same folder; a lock left by a run that died is taken over.
"""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

from ..errors import OutputError

LOCK_NAME = ".jobplan.lock"
JOURNAL_NAME = ".jobplan-commit"
STAGING_PREFIX = ".~jobplan-run-"
# what runs killed half-way leave: staging folders and temporary files, of this version and earlier ones
LEFTOVER_PREFIXES = (".~jobplan-", ".annotated-", ".jobplan-probe-", ".jobplan.lock.")


class OutputsLocked(OutputError):
    """Another run is writing into the same output folder."""


def os_error_in(exc: BaseException | None) -> OSError | None:
    """The OSError behind ``exc``: XlsxWriter wraps it in its FileCreateError, which is not an OSError."""
    while exc is not None and not isinstance(exc, OSError):
        exc = next((a for a in getattr(exc, "args", ()) if isinstance(a, BaseException)), None) or exc.__cause__
    return exc


def plain_os_error(exc: BaseException, out: Path) -> str | None:
    """What a manager can do about a failure to write, or None when it is not the disk's or folder's doing."""
    cause = os_error_in(exc)
    if cause is None:
        return None
    code = cause.errno
    if code == errno.ENOSPC:
        return "The disk is full: free some space and run again."
    if code == getattr(errno, "EDQUOT", -1):
        return "Your disk quota is used up: free some space (or ask IT for more) and run again."
    if code == errno.EROFS:
        return f"The output folder {out} is on a disk that cannot be written to: choose another with --out."
    if code == errno.ENAMETOOLONG:
        return (f"A file name is too long for the output folder {out}: choose a shorter --out path (or shorten "
                "the workbook's name) and run again.")
    if code == errno.ENOENT and not out.is_dir():
        return (f"The output folder {out} disappeared (or was replaced) while jobplan was writing: check the drive "
                "or share is still there, and run again.")
    if code in (errno.EACCES, errno.EPERM):
        return (f"jobplan may not write in the output folder {out}: check its sharing permissions, or choose "
                "another folder with --out.")
    if code == errno.EIO:
        return f"The disk holding {out} reported an error while jobplan was writing: check it and run again."
    return None


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OutputSet:
    """``with OutputSet(out) as outputs:`` write into ``outputs.summary`` and ``outputs.annotated``, then
    ``outputs.commit()``; leaving the block any other way leaves the earlier outputs as they were."""

    def __init__(self, out: Path, summary_name: str = "team-summary.xlsx", annotated_name: str = "annotated"):
        self.out = Path(out)
        self.items = (summary_name, annotated_name)
        self.staging: Path | None = None
        self._locked = False
        self._mine = ""
        self._created_out = False

    # -- the lock ---------------------------------------------------------------------------------
    def _lock(self) -> None:
        lock = self.out / LOCK_NAME
        mine = self._mine = f"{os.getpid()} {socket.gethostname()}\n"
        for _attempt in range(3):
            fd, tmp = tempfile.mkstemp(prefix=LOCK_NAME + ".", dir=self.out)
            with os.fdopen(fd, "w") as handle:
                handle.write(mine)
            try:
                os.link(tmp, lock)  # fails when a lock is there: creating it with its content is one step
                self._locked = True
                return
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links: exclusive create instead
                try:
                    with open(lock, "x") as handle:
                        handle.write(mine)
                    self._locked = True
                    return
                except FileExistsError:
                    pass
            finally:
                os.unlink(tmp)
            try:
                pid_text, _, host = lock.read_text(errors="replace").strip().partition(" ")
                pid = int(pid_text)
            except (OSError, ValueError):
                pid, host = 0, socket.gethostname()
            if host != socket.gethostname():
                raise OutputsLocked(
                    f"Another jobplan run (on {host}) is writing to {self.out}. Wait for it to finish and run again; "
                    f"if no run is going, delete the file {LOCK_NAME} in that folder.")
            if _pid_alive(pid) and pid != os.getpid():
                raise OutputsLocked(f"Another jobplan run (process {pid}) is writing to {self.out}: wait for it to "
                                    "finish, and run again.")
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()  # left by a run that died: take it over
        raise OutputsLocked(f"Another jobplan run is writing to {self.out}: wait for it to finish, and run again.")

    def _unlock(self) -> None:
        if self._locked:
            with contextlib.suppress(OSError):
                (self.out / LOCK_NAME).unlink()
            self._locked = False

    # -- what killed runs left ---------------------------------------------------------------------
    def _finish_killed_commit(self) -> None:
        """A run killed while swapping its outputs in: finish the swap, its new set being complete."""
        journal = self.out / JOURNAL_NAME
        try:
            staging = self.out / journal.read_text().strip()
        except FileNotFoundError:
            return
        if staging.parent == self.out and staging.name.startswith(STAGING_PREFIX) and staging.is_dir():
            self._swap(staging)
        journal.unlink(missing_ok=True)

    def _remove_leftovers(self) -> None:
        for entry in self.out.iterdir():
            if entry.name.startswith(LEFTOVER_PREFIXES) and entry.name != LOCK_NAME:
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        entry.unlink()

    # -- the set ------------------------------------------------------------------------------------
    def __enter__(self) -> "OutputSet":
        self._created_out = not self.out.exists()
        self.out.mkdir(parents=True, exist_ok=True)
        try:
            self._lock()
            self._finish_killed_commit()
            self._remove_leftovers()
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out))
            (self.staging / "new").mkdir()
            (self.staging / "new" / self.items[1]).mkdir()
            (self.staging / "old").mkdir()
        except OSError as exc:
            self._close(failed=True)
            raise OutputError(plain_os_error(exc, self.out) or
                              f"The output folder {self.out} could not be prepared ({exc.strerror or exc}).") from None
        except BaseException:
            self._close(failed=True)
            raise
        return self

    @property
    def summary(self) -> Path:
        return self.staging / "new" / self.items[0]

    @property
    def annotated(self) -> Path:
        return self.staging / "new" / self.items[1]

    @property
    def extras(self) -> Path:
        """Where to write any other output of the set (the --tables files): swapped in with the rest."""
        return self.staging / "new"

    def commit(self) -> None:
        """Move the earlier outputs aside and the new ones in; raise OutputError with the earlier ones kept."""
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.annotated, 0o777 & ~umask)  # mkdtemp makes a private folder; the copies are for the team
        self._check_still_ours()
        self._check_replaceable()
        journal = self.out / JOURNAL_NAME
        tmp = self.staging / "journal"
        try:
            tmp.write_text(self.staging.name)
            os.replace(tmp, journal)  # from here on, a killed run is finished by the next
        except OSError as exc:
            raise OutputError(plain_os_error(exc, self.out) or
                              f"The outputs could not be moved into {self.out} ({exc.strerror or exc}).") from None
        try:
            self._swap(self.staging)
        except OSError as exc:
            raise OutputError(plain_os_error(exc, self.out) or
                              f"The outputs could not be moved into {self.out} ({exc.strerror or exc}): close any "
                              "of them open in Excel and run again.") from None
        finally:
            journal.unlink(missing_ok=True)

    def _swap(self, staging: Path) -> None:
        """Each item: the earlier one into staging/old, the new one in; undone if a step fails."""
        done: list[tuple[Path, Path]] = []
        try:
            # what the run staged (a killed run's swap, finished by the next, moved some in already)
            for new in sorted((staging / "new").iterdir()):
                name = new.name
                final, old = self.out / name, staging / "old" / name
                if final.exists() or final.is_symlink():
                    os.replace(final, old)
                    done.append((old, final))
                os.replace(new, final)
                done.append((final, new))
        except OSError:
            for moved, back in reversed(done):
                with contextlib.suppress(OSError):
                    os.replace(moved, back)
            raise

    def _check_still_ours(self) -> None:
        """Our lock is gone when the folder was deleted (or replaced) under us: the writers' own folders
        may have been made again, but nothing of the earlier set or of the lock is left to trust."""
        try:
            ours = (self.out / LOCK_NAME).read_text() == self._mine
        except OSError:
            ours = False
        if not ours:
            self._locked = False  # not ours to remove
            raise OutputError(f"The output folder {self.out} disappeared (or was replaced) while jobplan was "
                              "writing: check the drive or share is still there, and run again.")

    def _check_replaceable(self) -> None:
        """An earlier output open in Excel (or locked) cannot be replaced: say so before moving anything."""
        files = []
        for new in sorted((self.staging / "new").iterdir()):
            final = self.out / new.name
            # the copies of a whole trust's run are in a folder a team
            files += sorted(p for p in final.rglob("*") if p.is_file()) if final.is_dir() else [final]
        for path in files:
            try:
                with open(path, "r+b"):
                    pass
            except FileNotFoundError:
                continue
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY):
                    raise OutputError(plain_os_error(exc, self.out) or f"{path} cannot be replaced ({exc}).") \
                        from None
                shown = path.relative_to(self.out).as_posix()
                raise OutputError(f"Close {shown} (open in Excel?) and run again; if it is not open, check it is "
                                  "not read-only. The earlier outputs are as they were.") from None

    def _close(self, failed: bool) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        self._unlock()
        if failed and self._created_out:
            with contextlib.suppress(OSError):
                self.out.rmdir()  # only if empty: nothing is left of a run that wrote nothing

    def __exit__(self, exc_type, *exc):
        self._close(failed=exc_type is not None)
