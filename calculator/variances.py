"""Agreed variances: a plan the consistency panel agreed outside its band's expected DCC %, for a time.

The NHS England toolkit counts plans "within 5% of agreed templates (or agreed variances)" and asks
the panel to "add new agreed variance" where a plan differs for a reason. A trust records them in
jobplan.toml, one table per person:

    [agreed_variances."Ben Carter"]
    agreed_by = "Job planning consistency panel"
    agreed_on = 2026-03-10          # a TOML date, or "10/03/2026"
    reason = "MSK triage pilot: two extra clinics until the new post is filled"
    until = 2027-03-31

Until its end date (inclusive) the plan is shown as "Agreed variance" on the Consistency sheet and
its DCC % is not a finding; after it, the plan is reviewed again and the lapsed variance is a finding.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from .errors import ConfigError, TextParseError
from .model import Finding

FIELDS = {
    "agreed_by": "who agreed it (e.g. \"Job planning consistency panel\")",
    "agreed_on": "the date it was agreed",
    "reason": "why the plan may differ from its band's expected DCC %",
    "until": "the last date it holds",
}
TABLE = "agreed_variances"


@dataclass(frozen=True)
class AgreedVariance:
    name: str  # as written in jobplan.toml
    agreed_by: str
    agreed_on: date
    reason: str
    until: date

    def current(self, as_of: date) -> bool:
        """Holds on ``as_of``: agreed by then, and not yet past its end date."""
        return self.agreed_on <= as_of <= self.until

    def describe(self) -> str:
        return (f"{self.reason} (agreed by {self.agreed_by} on {self.agreed_on:%d/%m/%Y}, "
                f"until {self.until:%d/%m/%Y})")


def check_agreed_variances(value: Any, source: str) -> dict[str, AgreedVariance]:
    """The [agreed_variances] table of jobplan.toml, by name_key; every entry and field is checked."""
    from .readers.delivered import name_key

    example = (f'[{TABLE}."Ben Carter"] then agreed_by = "Consistency panel", agreed_on = 2026-03-10, '
               'reason = "...", until = 2027-03-31')
    if not isinstance(value, Mapping):
        raise ConfigError(f"'{TABLE}' in {source} must be a table of people, for example: {example}.")
    variances: dict[str, AgreedVariance] = {}
    for name, entry in value.items():
        where = f"'{TABLE}.\"{name}\"' in {source}"
        if not isinstance(entry, Mapping):
            raise ConfigError(f"{where} must be a table with {', '.join(FIELDS)}, for example: {example}.")
        unknown = [key for key in entry if key not in FIELDS]
        if unknown:
            raise ConfigError(f"{where} has '{unknown[0]}', which jobplan does not know: an agreed variance takes "
                              + "; ".join(f"{k}, {meaning}" for k, meaning in FIELDS.items()) + ".")
        missing = [key for key in FIELDS if key not in entry]
        if missing:
            raise ConfigError(f"{where} lacks {', '.join(missing)}: give "
                              + "; ".join(f"{k}, {FIELDS[k]}" for k in missing) + ".")
        texts = {}
        for key in ("agreed_by", "reason"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise ConfigError(f"{where}: '{key}' must be text saying {FIELDS[key]}.")
            texts[key] = entry[key].strip()
        agreed_on, until = (_date(entry[key], f"{where}: '{key}'") for key in ("agreed_on", "until"))
        if until < agreed_on:
            raise ConfigError(f"{where}: 'until' ({until:%d/%m/%Y}) is before 'agreed_on' ({agreed_on:%d/%m/%Y}).")
        key = name_key(str(name))
        if not key:
            raise ConfigError(f"{where}: the name is empty.")
        if key in variances:
            raise ConfigError(f"{where} names the same person as '{variances[key].name}': keep one agreed variance "
                              "per person.")
        variances[key] = AgreedVariance(str(name).strip(), texts["agreed_by"], agreed_on, texts["reason"], until)
    return variances


def _date(value: Any, where: str) -> date:
    from .text import parse_date

    if isinstance(value, bool) or isinstance(value, (int, float)):
        raise ConfigError(f"{where} is {value!r}: write a date such as 2027-03-31 or \"31/03/2027\".")
    try:
        return parse_date(value)
    except TextParseError as exc:
        raise ConfigError(f"{where}: {exc}.") from None


def variance_for(name: str | None, variances: Mapping[str, AgreedVariance]) -> AgreedVariance | None:
    """The agreed variance recorded for this person's name, if any."""
    from .readers.delivered import name_key

    return variances.get(name_key(name)) if name and variances else None


def expired_variance_finding(file: str, sheet: str, cell: str, variance: AgreedVariance, as_of: date) -> Finding:
    return Finding(file, sheet, cell, "warning",
                   f"The agreed variance for {variance.name} ended on {variance.until:%d/%m/%Y}: "
                   f"{variance.describe()}.",
                   "Bring the plan to the panel again: agree a new variance in jobplan.toml, or bring its DCC % "
                   "within its band's expected value.")


def unmatched_variances(names: list[str | None], variances: Mapping[str, AgreedVariance],
                        source: str = "jobplan.toml") -> list[Finding]:
    """An agreed variance for a name no job plan has: probably a spelling, said so rather than ignored."""
    from .readers.delivered import name_key

    present = {name_key(n) for n in names if n}
    return [Finding(source, "", f"{TABLE}", "warning",
                    f"An agreed variance is recorded for '{v.name}', a name that matches no job plan.",
                    "Check the spelling matches the name on the job plan, or remove the entry.")
            for key, v in variances.items() if key not in present]
