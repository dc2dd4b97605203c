"""Quantities typed into cells: an hours token inside text ("Clinic (1.5h)"), and a whole
cell holding one amount ("37.5 hrs", "0.8 WTE", "1½ sessions")."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from calculator.errors import TextParseError
from calculator.text._words import (
    DIGITS,
    cell_number,
    quote,
    tidy,
    to_number,
    words_pattern,
)

_HOUR_WORDS = words_pattern(["hours", "hour", "hrs", "hr", "h"])
_MINUTE_WORDS = words_pattern(["minutes", "minute", "mins", "min"])

_HOURS_TOKEN = re.compile(
    r"(?<![0-9.])(?:"
    # "1:30 hrs"
    rf"(?P<clock_h>[0-9]{{1,2}}):(?P<clock_m>[0-9]{{2}})\s*{_HOUR_WORDS}"
    # "1.5h", "2 hours", "1 hr 30 min", "1h30"
    rf"|(?P<h>{DIGITS})\s*{_HOUR_WORDS}"
    rf"(?:\s*(?P<m>[0-9]{{1,2}})\s*(?:{_MINUTE_WORDS}|m)\b|(?P<m_attached>[0-9]{{2}})\b)?"
    # "90 min"
    rf"|(?P<only_m>{DIGITS})\s*{_MINUTE_WORDS}"
    r")(?![a-z0-9])"
)


# "1-" or "1 to " just before an hours token makes it a range ("1-2 hours")
_RANGE_BEFORE = re.compile(r"[0-9]\s*(?:-|–|—|to)\s*$")


def parse_hours(value) -> float | None:
    """Hours given by the hours token in the text: "(1.5h)", "2 hrs", "90 min",
    "1 hr 30 min", "1h30", "1:30 hrs". None when there is none; a time range such as
    "9am-12pm" or a bare number is not an hours token. Raises TextParseError for a range of
    hours ("1-2 hours") or more than one hours token."""
    if isinstance(value, bool) or not isinstance(value, str):
        return None
    text = tidy(value)
    tokens = list(_HOURS_TOKEN.finditer(text))
    if not tokens:
        return None
    match = tokens[0]
    if len(tokens) > 1 or _RANGE_BEFORE.search(text[: match.start()]):
        # "1-2 hours" or "1.5hrs travel + 2hrs meeting": the length is not one figure
        raise TextParseError(f'{quote(value)} gives more than one length; write one figure, e.g. "2 hours"')
    if match["only_m"]:
        return to_number(match["only_m"], value) / 60
    hours = to_number(match["clock_h"] or match["h"], value)
    minutes = int(match["clock_m"] or match["m"] or match["m_attached"] or 0)
    if minutes >= 60:
        raise TextParseError(
            f'{quote(value)} has {minutes} minutes past the hour; write e.g. "1.5 hrs" or "1 hr 30 min"'
        )
    return hours + minutes / 60


UNITS = ("hours", "minutes", "days", "years", "wte", "sessions", "percent")


@dataclass(frozen=True)
class Amount:
    """One quantity read from a cell; unit is None when only a number was typed."""

    value: float
    unit: str | None


_UNIT_WORDS = {
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "day": "days", "days": "days",
    "yr": "years", "yrs": "years", "year": "years", "years": "years",
    "wte": "wte", "fte": "wte",
    "session": "sessions", "sessions": "sessions", "sess": "sessions",
    "%": "percent", "percent": "percent", "per cent": "percent", "pc": "percent",
}

# "37.5 hrs pw" and "29 days pa" only restate the period the template already assumes
_ASSUMED_PERIOD = {
    "hours": r"(?:pw|per week|a week|/ ?week|/ ?wk|per wk)",
    "sessions": r"(?:pw|per week|a week|/ ?week|/ ?wk|per wk)",
    "days": r"(?:pa|per annum|per year|a year|/ ?year|/ ?yr|per yr)",
}

_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75}

_AMOUNT = re.compile(
    r"(?:(?P<whole>[0-9]+)?\s*(?P<vulgar>[½¼¾])"
    r"|(?P<whole2>[0-9]+)\s+(?P<num>[0-9]+)/(?P<den>[0-9]+)"
    rf"|(?P<plain>{DIGITS}|\.[0-9]+))"
    r"\s*(?P<unit>[^0-9½¼¾]*)"
)

_AMOUNT_EXAMPLE = 'write e.g. "37.5", "37.5 hrs", "0.8 WTE" or "2 sessions"'


def _number(match: re.Match, value) -> float:
    if match["vulgar"]:
        return to_number(match["whole"] or "0", value) + _VULGAR[match["vulgar"]]
    if match["plain"]:
        return to_number(match["plain"], value)
    numerator, denominator = to_number(match["num"], value), to_number(match["den"], value)
    if not 0 < numerator < denominator:
        raise TextParseError(f"{quote(value)} is not a whole number and a fraction; {_AMOUNT_EXAMPLE}")
    return to_number(match["whole2"], value) + numerator / denominator


def _unit(words: str, value) -> str | None:
    words = re.sub(r"\s+", " ", words.replace(".", "")).strip()
    if not words:
        return None
    if words in _UNIT_WORDS:
        return _UNIT_WORDS[words]
    for unit, period in _ASSUMED_PERIOD.items():
        match = re.fullmatch(rf"(?P<base>.+?)\s*{period}", words)
        if match and _UNIT_WORDS.get(match["base"]) == unit:
            return unit
    raise TextParseError(
        f"{quote(value)}: jobplan does not know the unit '{words}'; "
        "use hours, minutes, days, years, WTE, sessions or %"
    )


def parse_amount(value) -> Amount:
    """One non-negative quantity filling a cell: 37.5, "37.5 hrs", "0.8 FTE", "6 yrs",
    "1½ sessions", "1 1/2", "60%". Raises TextParseError for no number, more than one,
    a negative number, or a unit jobplan does not know."""
    if isinstance(value, bool):
        raise TextParseError(f"{quote(value)} is not an amount; {_AMOUNT_EXAMPLE}")
    if isinstance(value, (int, float)):
        number = cell_number(value)
        if not math.isfinite(number) or number < 0:
            raise TextParseError(f"{quote(value)} is not an amount jobplan can use; {_AMOUNT_EXAMPLE}")
        return Amount(number, None)
    text = tidy(value)
    if not re.search(r"[0-9½¼¾]", text):
        raise TextParseError(f"{quote(value)} holds no number; {_AMOUNT_EXAMPLE}")
    if re.match(r"-\s*[0-9.]", text):
        raise TextParseError(f"{quote(value)} is negative; {_AMOUNT_EXAMPLE}")
    match = _AMOUNT.fullmatch(text)
    if match is None:
        raise TextParseError(f"{quote(value)} is not one amount jobplan understands; {_AMOUNT_EXAMPLE}")
    return Amount(_number(match, value), _unit(match["unit"], value))
