"""Which session a cell means: a session number ("Session 3", "S3") or a day and half ("Tue pm")."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from calculator.errors import TextParseError
from calculator.text._words import (
    NUMBER_WORDS,
    cell_number,
    drop_dots,
    quote,
    tidy,
    to_number,
    words_pattern,
)
from calculator.text.times import time_range_bounds


@dataclass(frozen=True)
class DayHalf:
    """day 0 = Monday .. 6 = Sunday; half "AM", "PM" or None when the text does not say."""

    day: int
    half: str | None


DAY_WORDS = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2, "weds": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
HALF_WORDS = {
    "am": "AM", "morning": "AM", "morn": "AM",
    "pm": "PM", "afternoon": "PM", "aft": "PM", "evening": "PM",
}
# cells that say "no particular session"
NO_SESSION = {"", "-", "n/a", "na", "none", "various", "varies", "any"}
SESSION_NUMBERS = range(1, 11)

_DAY = re.compile(rf"\b(?P<day>{words_pattern(DAY_WORDS)})s?\b")
_HALF = re.compile(rf"\b(?P<half>{words_pattern(HALF_WORDS)})s?\b")
_SESSION = re.compile(
    r"(?:(?:sessions?|sessn|sess|s)\s*(?:no|number|#)?\s*)?"
    rf"(?P<n>[0-9]+(?:\.[0-9]+)?|{words_pattern(NUMBER_WORDS)})"
)

_EXAMPLE = 'write a session number 1-10 (e.g. "Session 3") or a day and half (e.g. "Tuesday AM")'


def _start_half(value) -> str | None:
    # a bad time range is reported by parse_time_range on the same cell, not here
    try:
        bounds = time_range_bounds(value)
    except TextParseError:
        return None
    if bounds is None:
        return None
    return "AM" if bounds[0] < 12 * 60 else "PM"


def parse_day_half(value) -> DayHalf | None:
    """The first weekday named in the text and its half: "Monday\\nMorning session" is
    DayHalf(0, "AM"), "Tue pm" DayHalf(1, "PM"), "Wednesday" DayHalf(2, None). Without a
    half word (or with both), a time range decides by its start: before noon is AM.
    None when no weekday is named."""
    if isinstance(value, bool) or not isinstance(value, str):
        return None
    text = drop_dots(tidy(value))
    day = _DAY.search(text)
    if day is None:
        return None
    halves = {HALF_WORDS[m["half"]] for m in _HALF.finditer(text)}
    half = halves.pop() if len(halves) == 1 else _start_half(value)
    return DayHalf(DAY_WORDS[day["day"]], half)


def _session_number(number: float, value) -> int:
    if not (math.isfinite(number) and number.is_integer() and int(number) in SESSION_NUMBERS):
        raise TextParseError(f"{quote(value)} is not a session number; sessions run 1 to 10")
    return int(number)


def parse_session_ref(value) -> int | DayHalf | None:
    """A session number 1-10 (3, "3", "Session 3", "S3", "Sess. 3"), a day and half
    ("Tuesday AM", "Weds morning"), or None when the cell says no particular session
    (empty, "n/a", "-", "none", "various", "varies", "any")."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TextParseError(f"{quote(value)} is not a session; {_EXAMPLE}")
    if isinstance(value, (int, float)):
        return _session_number(cell_number(value), value)
    text = drop_dots(tidy(value))
    if text in NO_SESSION or re.fullmatch(r"[-\s]*", text):
        return None
    if match := _SESSION.fullmatch(text):
        return _session_number(to_number(match["n"], value), value)
    if len({DAY_WORDS[m["day"]] for m in _DAY.finditer(text)}) > 1:
        raise TextParseError(f"{quote(value)} names more than one day; name one session, {_EXAMPLE}")
    if day_half := parse_day_half(value):
        return day_half
    raise TextParseError(f"{quote(value)} is not a session jobplan understands; {_EXAMPLE}")
