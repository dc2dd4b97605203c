"""The trust's parameters (method.md §2): defaults, and the jobplan.toml policy file that overrides them.

A trust whose policy differs changes a parameter here or in its jobplan.toml, never the code.
Every parameter is printed on the summary's Assumptions sheet under the name used in the file.
"""
from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError
from .limits import Limits

CONFIG_FILE_NAME = "jobplan.toml"


class FrozenMap(dict):
    """A table parameter that cannot be changed once read, and that worker processes can be sent."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("parameters cannot be changed once read")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __reduce__(self):
        return (FrozenMap, (dict(self),))


def _frozen(mapping: Mapping) -> Mapping:
    return FrozenMap(mapping)


@dataclass(frozen=True)
class Params:
    """Every number the arithmetic uses that a trust may set differently."""

    full_time_hours: float = 37.5
    sessions_per_full_time_week: float = 10
    weeks_per_year: float = 365 / 7
    # Agenda for Change section 13: full-time days by years of reckonable NHS service (from, days)
    annual_leave_days: Mapping[float, float] = field(
        default_factory=lambda: _frozen({0.0: 27.0, 5.0: 29.0, 10.0: 33.0})
    )
    bank_holiday_days: float = 8
    study_leave_days: float = 5
    sickness_rate: float = 0.045
    other_leave_rate: float = 0.015
    hours_tolerance: float = 0.25
    consistency_tolerance: float = 0.05
    # not in method.md's table: a band's median is its expected DCC % only from this many plans (one plan is
    # always its own median, two are always mirror images of theirs)
    consistency_min_plans: int = 3
    active_plan_months: int = 12
    # not in method.md's table: the KPI target for plans signed off within active_plan_months (§6: "above 90 %")
    active_plan_target: float = 0.9
    # not in method.md's table: the split method.md §4 applies when an integrated session states none
    integrated_clinical_share: float = 0.5
    # band -> expected DCC share of the job plan; empty unless the trust configures it
    expected_dcc_pct: Mapping[str, float] = field(default_factory=lambda: _frozen({}))
    # a trust's additions to the activity dictionary, by activity name (see calculator/activities.py)
    activities: Mapping[str, Mapping] = field(default_factory=lambda: _frozen({}))
    # what one workbook may cost to read (calculator/limits.py); not arithmetic, so not on Assumptions
    limits: Limits = field(default_factory=Limits)
    # a reading parameter, not arithmetic (so not on Assumptions): the trust's own words for a session that
    # is not worked, besides those jobplan knows (calculator/text/not_working.py)
    not_working_words: tuple[str, ...] = ()
    # person (name_key) -> AgreedVariance: plans agreed outside their band's expected DCC % (calculator/variances.py)
    agreed_variances: Mapping[str, Any] = field(default_factory=lambda: _frozen({}))

    @property
    def session_hours(self) -> float:
        return self.full_time_hours / self.sessions_per_full_time_week


@dataclass(frozen=True)
class ParamInfo:
    unit: str
    meaning: str
    kind: str  # "hours", "number", "fraction", "months", "count" — how a value in jobplan.toml is read
    label: str = ""  # what the committee reads on Assumptions, beside the parameter's name


PARAM_INFO: dict[str, ParamInfo] = {
    "full_time_hours": ParamInfo("hours a week", "Agenda for Change full-time week", "hours",
                                 "Full-time hours a week"),
    "sessions_per_full_time_week": ParamInfo(
        "sessions", "one session is the full-time week's hours divided by this", "number",
        "Sessions in a full-time week"),
    "weeks_per_year": ParamInfo("weeks", "a calendar year in weeks (365 / 7)", "number", "Weeks in a year"),
    "annual_leave_days": ParamInfo(
        "days", "full-time annual leave days from this many years of reckonable NHS service", "number",
        "Annual leave days from {} years' NHS service"),
    "bank_holiday_days": ParamInfo("days", "bank holidays a year (England and Wales 8)", "number",
                                   "Bank holidays a year"),
    "study_leave_days": ParamInfo("days", "predictable study and mandatory-training days a year", "number",
                                  "Study and mandatory-training days a year"),
    "sickness_rate": ParamInfo("of contracted hours", "sickness absence, trust average", "fraction",
                               "Sickness absence"),
    "other_leave_rate": ParamInfo("of contracted hours", "parental and other planned leave", "fraction",
                                  "Other planned leave"),
    "hours_tolerance": ParamInfo(
        "hours a week", "a job plan this close to the contracted hours counts as all time accounted for", "hours",
        "Hours a plan may differ from the contract"),
    "consistency_tolerance": ParamInfo(
        "of the job plan", "how far a plan's DCC % may be from its band's expected DCC % (5% = 5 points)",
        "fraction", "Consistency tolerance"),
    "consistency_min_plans": ParamInfo(
        "plans", "a band without an expected DCC % set is compared with its median only when it has at least "
        "this many plans", "count", "Fewest plans for a band median"),
    "active_plan_months": ParamInfo("months", "a plan signed off within this many months is active", "months",
                                    "Months a signed-off plan stays active"),
    "active_plan_target": ParamInfo(
        "of staff", "KPI target: share of staff with an active plan (green above it, amber within 10 points)",
        "fraction", "Target: staff with an active plan"),
    "integrated_clinical_share": ParamInfo(
        "clinical", "clinical share of an integrated session that states none", "fraction",
        "Clinical share of an integrated session"),
    "expected_dcc_pct": ParamInfo("of the job plan", "expected DCC share of a job plan for this band", "fraction",
                                  "Expected DCC % for {}"),
}


def normalise_band(text: object) -> str:
    """'Band 7', 'band 7 ', '7' all name the same band: '7'; '8A' and '8a' are '8a'."""
    band = re.sub(r"^\s*(afc\s*)?band\s*", "", str(text).strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", band).lower()


def display_band(value: object) -> str:
    """A band as Agenda for Change writes it: 7, 'band 7' and '7' are 'Band 7'; '8A' is 'Band 8a'."""
    band = normalise_band(f"{value:g}" if isinstance(value, (int, float)) else value)
    return f"Band {band}" if re.fullmatch(r"\d+[a-d]?", band) else str(value).strip()


# the range each parameter's values may take: what a week, a year or a working life holds
# (key -> (lowest, highest, whether the lowest itself is allowed))
RANGES: dict[str, tuple[float, float, bool]] = {
    "full_time_hours": (0, 168, False),  # hours in a week
    "sessions_per_full_time_week": (0, 168, False),
    "weeks_per_year": (0, 53, False),  # a year holds 52.14 weeks
    "annual_leave_days": (0, 366, True),
    "bank_holiday_days": (0, 366, True),
    "study_leave_days": (0, 366, True),
    "hours_tolerance": (0, 168, True),
    "active_plan_months": (1, 1200, True),  # a hundred years
    "consistency_min_plans": (1, 1000, True),
}
MAX_CONFIG_BYTES = 1 << 20  # a policy file is a few dozen lines; a megabyte is not one


def _number(key: str, value: Any, kind: str, source: str) -> float:
    """Read one value from jobplan.toml as the kind of number its parameter is, within its range."""
    where = f"'{key}' in {source}"
    if kind == "fraction" and isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,6}(?:\.\d{1,12})?)\s*%\s*", value)
        if not match:
            raise ConfigError(f"{where} is {value!r}: write a fraction such as 0.045 or a percentage such as \"4.5%\".")
        if float(match.group(1)) > 100:
            raise ConfigError(f"{where} is {value!r}: a share cannot be more than 100%.")
        return float(match.group(1)) / 100
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 1e15:  # beyond a float's reach
        raise ConfigError(f"{where} is {_shown(value)}: it must be a number of sensible size.")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"{where} is {_shown(value)}: it must be a number.")
    if value < 0:
        raise ConfigError(f"{where} is {value}: it cannot be negative.")
    if kind == "fraction" and value > 1:
        raise ConfigError(
            f"{where} is {value}: write a fraction such as 0.045, or a percentage in quotes such as \"4.5%\"."
        )
    if kind in ("months", "count") and value != int(value):
        raise ConfigError(f"{where} is {value}: it must be a whole number{' of months' if kind == 'months' else ''}.")
    low, high, low_allowed = RANGES.get(key.split(".")[0], (0, math.inf, True))
    if value > high or value < low or (value == low and not low_allowed):
        raise ConfigError(f"{where} is {value:g}: it must be "
                          + (f"more than {low:g}" if not low_allowed else f"at least {low:g}")
                          + f" and at most {high:g}.")
    return int(value) if kind in ("months", "count") else float(value)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _limits(value: Any, source: str) -> Limits:
    """The [limits] table: what one workbook may cost (calculator/limits.py)."""
    from .limits import LIMIT_MEANINGS

    if not isinstance(value, Mapping):
        raise ConfigError(f"'limits' in {source} must be a table, for example: [limits] then seconds_per_workbook = 120.")
    changes = {}
    for key, number in value.items():
        if key not in LIMIT_MEANINGS:
            raise ConfigError(f"{source} sets 'limits.{key}', which is not a jobplan limit. Known limits: "
                              f"{', '.join(LIMIT_MEANINGS)}.")
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not 0 < number <= 1e15 \
                or not math.isfinite(number):
            raise ConfigError(f"'limits.{key}' in {source} is {_shown(number)}: it must be a number more than 0 "
                              "(and at most 10^15).")
        changes[key] = number
    return dataclasses.replace(Limits(), **changes)


def _words_list(key: str, value: Any, source: str) -> tuple[str, ...]:
    """A list of phrases from jobplan.toml, e.g. not_working_words = ["Compressed day", "Rest day"]."""
    example = f'{key} = ["Compressed day", "Rest day"]'
    if not isinstance(value, list):
        raise ConfigError(f"'{key}' in {source} is {value!r}: it must be a list of words, for example {example}.")
    for number, word in enumerate(value):
        if not isinstance(word, str) or not re.search(r"[A-Za-z0-9]", word):
            raise ConfigError(f"'{key}[{number}]' in {source} is {word!r}: each entry must be text with letters "
                              f"or digits, for example {example}.")
    return tuple(word.strip() for word in value)


def params_from_mapping(data: Mapping[str, Any], source: str = "the configuration") -> Params:
    """Defaults overridden by ``data`` (the contents of a jobplan.toml); every key and value is checked."""
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key == "activities":
            from .activities import check_trust_activities

            changes[key] = _frozen(check_trust_activities(value, source))
            continue
        if key == "limits":
            changes[key] = _limits(value, source)
            continue
        if key == "not_working_words":
            changes[key] = _words_list(key, value, source)
            continue
        if key == "agreed_variances":
            from .variances import check_agreed_variances

            changes[key] = _frozen(check_agreed_variances(value, source))
            continue
        if key not in PARAM_INFO:
            known = ", ".join(PARAM_INFO)
            raise ConfigError(f"{source} sets '{key}', which is not a jobplan parameter. Known parameters: "
                              f"{known}, not_working_words, and the [activities] and [agreed_variances] tables.")
        kind = PARAM_INFO[key].kind
        if key == "annual_leave_days":
            if not isinstance(value, Mapping) or not value:
                raise ConfigError(
                    f"'annual_leave_days' in {source} must be a table of service years to days, "
                    "for example: [annual_leave_days] then 0 = 27, 5 = 29, 10 = 33."
                )
            table = {}
            for years, days in value.items():
                try:
                    from_years = float(years)
                    if not 0 <= from_years <= 100:
                        raise ValueError
                except ValueError:
                    raise ConfigError(
                        f"'annual_leave_days.{str(years)[:40]}' in {source}: the key must be a number of years of "
                        "service, from 0 to 100."
                    ) from None
                table[from_years] = _number(f"annual_leave_days.{years}", days, kind, source)
            if 0 not in table:
                raise ConfigError(
                    f"'annual_leave_days' in {source} must give the days from 0 years of service (0 = 27).")
            changes[key] = _frozen(dict(sorted(table.items())))
        elif key == "expected_dcc_pct":
            if not isinstance(value, Mapping):
                raise ConfigError(
                    f"'expected_dcc_pct' in {source} must be a table of band to DCC share, "
                    'for example: [expected_dcc_pct] then "7" = 0.6 and "8a" = "50%".'
                )
            changes[key] = _frozen(
                {normalise_band(band): _number(f"expected_dcc_pct.{band}", share, kind, source)
                 for band, share in value.items()}
            )
        else:
            changes[key] = _number(key, value, kind, source)
    params = dataclasses.replace(Params(), **changes)
    _check_together(params, source)
    return params


def _check_together(params: Params, source: str) -> None:
    """Values each in range may still leave no working time between them."""
    rates = params.sickness_rate + params.other_leave_rate
    if rates >= 1:
        raise ConfigError(f"'sickness_rate' ({params.sickness_rate:.1%}) and 'other_leave_rate' "
                          f"({params.other_leave_rate:.1%}) in {source} add up to {rates:.1%}: together they must be "
                          "under 100%, or no one works at all.")
    working_days = params.weeks_per_year * 5
    away = max(params.annual_leave_days.values()) + params.bank_holiday_days + params.study_leave_days
    if away >= working_days:
        raise ConfigError(f"The leave in {source} (annual leave up to {max(params.annual_leave_days.values()):g} days, "
                          f"bank holidays {params.bank_holiday_days:g}, study leave {params.study_leave_days:g}) adds up "
                          f"to {away:g} days, as many as the {working_days:.0f} working days 'weeks_per_year' gives: "
                          "check the values.")


def load_params(path: Path) -> Params:
    """Read a trust policy file; a wrong key or value raises ConfigError naming the key and the file."""
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"The policy file {path} is a folder: jobplan.toml must be a text file.")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"The policy file {path} does not exist.") from None
    except OSError as exc:
        raise ConfigError(f"The policy file {path} could not be read ({exc.strerror or exc}): check its sharing "
                          "permissions.") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"The policy file {path} is over {MAX_CONFIG_BYTES // (1 << 20)} MB; a jobplan.toml is a few "
                          "lines of text. Check it is the right file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"The policy file {path} is not text saved as UTF-8 (it may be another kind of file, or "
                          "saved in another encoding): save it as UTF-8 text (in Notepad: Save as, Encoding UTF-8).") \
            from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not a valid TOML file: {exc}.") from None
    except RecursionError:
        raise ConfigError(f"{path} is not a valid TOML file: its tables are nested too deeply.") from None
    return params_from_mapping(data, source=str(path))


@dataclass(frozen=True)
class AssumptionRow:
    """One line of the Assumptions sheet: a parameter by its jobplan.toml name, and its value."""

    name: str
    value: float | None
    unit: str
    meaning: str
    kind: str
    label: str = ""  # in plain words


def assumption_rows(params: Params) -> list[AssumptionRow]:
    """One row per parameter, tables expanded to one row per entry (annual_leave_days.5)."""
    rows = []
    for key, info in PARAM_INFO.items():
        value = getattr(params, key)
        if isinstance(value, Mapping):
            for sub_key, sub_value in value.items():
                label = f"{sub_key:g}" if isinstance(sub_key, (int, float)) else str(sub_key)
                shown = display_band(sub_key) if key == "expected_dcc_pct" else label
                rows.append(AssumptionRow(f"{key}.{label}", sub_value, info.unit, info.meaning, info.kind,
                                          info.label.format(shown)))
            if not value:
                rows.append(AssumptionRow(key, None, info.unit, f"{info.meaning}: none configured", info.kind,
                                          info.label.format("a band")))
        else:
            rows.append(AssumptionRow(key, value, info.unit, info.meaning, info.kind, info.label))
    return rows
