"""The jobplan command: options in, one library call, library errors out as plain messages."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .errors import JobplanError
from .writers.template_kinds import TEMPLATE_KINDS


class Progress:
    """A progress bar per stage, drawn only on a terminal and only for runs long enough to need one."""

    LABELS = {"read": "Reading job plans", "annotate": "Writing annotated copies"}
    SMALLEST = 50  # workbooks: a team's run is over before a bar would help

    def __init__(self, hidden: bool):
        self.hidden = hidden or not sys.stderr.isatty()
        self.bar = None
        self.stage = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.hidden or total < self.SMALLEST:
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = click.progressbar(length=total, label=self.LABELS.get(stage, stage),
                                         file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run is so that it stops as it does on Ctrl-C."""


def _terminated(_signum, _frame):
    raise Terminated


class UsageProblem(click.UsageError):
    """A bad option or policy file: exit 2 like any other usage error."""


def _parse_as_of(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    from .text import parse_date

    try:
        return parse_date(value)
    except JobplanError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group()
@click.version_option(package_name="jobplan")
def main() -> None:
    """Job planning calculator for NHS non-medical clinical staff."""


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the outputs [default: FOLDER/jobplan-output].")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Trust policy file [default: FOLDER/jobplan.toml when there is one].")
@click.option("--as-of", "as_of", callback=_parse_as_of, metavar="DATE",
              help="Date the sign-offs are checked against, day first, e.g. 31/03/2026 [default: today].")
@click.option("--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes [default: the cores available].")
@click.option("--previous", type=click.Path(exists=True, path_type=Path), metavar="LAST_OUTPUT",
              help="Last time's jobplan-output folder (or its team-summary.xlsx): adds a Changes sheet.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--pdf", is_flag=True, help="Also print team-summary.pdf for email (needs LibreOffice).")
@click.option("--tables", is_flag=True,
              help="Also write staff, activities and findings as .csv (and .parquet with pyarrow installed).")
@click.option("--debug", is_flag=True, help="Show the Python traceback of any unexpected error.")
def calculate(folder: Path, out: Path | None, config: Path | None, as_of: date | None, jobs: int | None,
              previous: Path | None, quiet: bool, pdf: bool, tables: bool, debug: bool) -> None:
    """Read every job plan workbook in FOLDER and write annotated copies and team-summary.xlsx.

    A FOLDER that holds only team folders is a whole trust: each subfolder is read as one team."""
    import signal

    from .errors import ConfigError, NoJobPlansError, OutputError, UnusableOutputFolder
    from .run import ANNOTATED_FOLDER_NAME, calculate_folder, params_for_folder

    # SIGTERM (a service stopping, a kill) is handled as Ctrl-C is: workers stopped, staging removed
    old_sigterm = signal.signal(signal.SIGTERM, _terminated)
    try:
        params = params_for_folder(folder, config)
        with Progress(hidden=quiet) as progress:
            result = calculate_folder(folder, out=out, params=params, as_of=as_of, jobs=jobs, progress=progress,
                                      previous=previous, tables=tables)
    except NoJobPlansError as exc:  # not a usage error: the folder is right, it is just empty
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
    except (ConfigError, UnusableOutputFolder) as exc:
        raise UsageProblem(str(exc)) from None
    except OutputError as exc:  # a full disk, a locked file, another run: not a usage error
        click.echo(f"The outputs were not written: {exc}", err=True)
        raise SystemExit(1) from None
    except JobplanError as exc:
        raise UsageProblem(str(exc)) from None
    except KeyboardInterrupt as exc:
        click.echo("Stopped. Nothing was left half-written: the outputs of any earlier run are as they were, "
                   "and the workbooks were not changed.", err=True)
        raise SystemExit(143 if isinstance(exc, Terminated) else 130) from None
    except OSError as exc:  # the folder read or written failed under us: not a usage error
        from .writers.outputs import plain_os_error

        click.echo(f"The outputs were not written: {plain_os_error(exc, out or folder) or exc}", err=True)
        raise SystemExit(1) from None
    except Exception as exc:  # no traceback for a manager; --debug shows it
        if debug:
            raise
        click.echo(f"jobplan stopped on an unexpected error ({type(exc).__name__}: {exc}). Run again with --debug "
                   "and send the output to the jobplan team.", err=True)
        raise SystemExit(1) from None
    finally:
        signal.signal(signal.SIGTERM, old_sigterm)
    counts = result.severity_counts()
    from .readers.detect import unread_sheet_count

    teams = f" in {len(set(result.folder_teams.values()))} team folder(s)" if result.trust else ""
    looked = len(result.people) + unread_sheet_count(result.findings)
    if looked > len(result.people):  # a sheet passed over is never silent: say how many there were
        click.echo(f"{looked} sheets looked like job plans; {len(result.people)} were read "
                   f"(from {len(result.inputs)} workbook(s){teams} in {folder}).")
    else:
        click.echo(f"Read {len(result.people)} job plan(s) from {len(result.inputs)} workbook(s){teams} in {folder}.")
    click.echo(f"Findings: {counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info.")
    for name in result.unreadable:
        click.echo(f"Could not read: {name}")
    for name in result.not_written:
        click.echo(f"No annotated copy (see Findings): {name}")
    click.echo(f"Team summary: {result.summary_path}")
    # One consistent set of outputs: a PDF from an earlier run (other figures, another as-of date) never stays
    # beside this summary
    printed = result.summary_path.with_suffix(".pdf")
    earlier = printed.exists()
    if pdf:
        from .writers.pdf import write_pdf

        try:
            write_pdf(result.summary_path, printed)
            click.echo(f"PDF for email: {printed}" + (" (replaces the one from an earlier run)" if earlier else ""))
            earlier = False
        except OutputError as exc:
            click.echo(f"PDF not written: {exc}", err=True)
    if earlier:
        try:
            printed.unlink()
            click.echo(f"Removed {printed.name} from an earlier run: its figures were not this run's"
                       + (". Run with --pdf for a new one." if not pdf else "."))
        except OSError as exc:
            click.echo(f"{printed} is from an earlier run and could not be removed ({exc.strerror or exc}): "
                       "do not send it. Close it and delete it.", err=True)
    if result.annotated:
        click.echo(f"Annotated copies: {result.out / ANNOTATED_FOLDER_NAME}")
    if result.table_paths:
        click.echo(f"Tables: {', '.join(path.name for path in result.table_paths)}")
    if result.removed:
        click.echo(f"Removed {', '.join(path.name for path in result.removed)} from an earlier run: their figures "
                   "were not this run's" + (". Run with --tables for new ones." if not tables else "."))
    if debug:
        for name, trace in result.tracebacks:
            click.echo(f"\n{name}:\n{trace}", err=True)
    raise SystemExit(result.exit_code)


@main.command()
@click.argument("kind", type=click.Choice(TEMPLATE_KINDS))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
def template(kind: str, file: Path, force: bool) -> None:
    """Write a blank job plan template of KIND to FILE (an .xlsx file that does not exist yet)."""
    from .writers.atomic import atomic_path
    from .writers.templates import TEMPLATES

    if file.suffix.lower() != ".xlsx":
        raise UsageProblem(f"Templates are Excel workbooks (.xlsx): give a file name ending in .xlsx, "
                           f"e.g. {file.with_suffix('.xlsx').name!r}. Nothing was written.")
    if file.exists() and not force:
        # the name is often a person's filled-in plan: a blank template over it would lose their work
        raise UsageProblem(f"{file} already exists, so nothing was written. Give a new file name, or add --force "
                           "to replace it with a blank template.")
    try:
        with atomic_path(file) as tmp:  # a --force replacement is whole or not at all
            TEMPLATES[kind](tmp)
    except OSError as exc:
        raise UsageProblem(f"The template could not be written to {file}: {exc.strerror or exc}") from None
    click.echo(f"Wrote the blank {kind} template to {file}")
