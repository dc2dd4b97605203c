"""How long one occurrence of an activity lasts, wherever it is written: "2 hours", "30 mins", "1 day",
"(1 day)", "half day", "2 days", "a morning", "2 sessions", "09:00-12:30"."""
from __future__ import annotations

import re
from dataclasses import dataclass

from calculator.errors import TextParseError
from calculator.text._words import (
    DIGITS,
    NUMBER_WORDS,
    quote,
    tidy,
    to_number,
    words_pattern,
)
from calculator.text.amounts import parse_hours
from calculator.text.times import parse_time_range

# a day is two sessions (method.md §1: a session is a half day)
SESSIONS_PER_DAY = 2


@dataclass(frozen=True)
class Length:
    """A length as written: ``amount`` of ``unit`` (hours or sessions), and the words it was read from."""

    amount: float
    unit: str  # "hours" or "sessions"
    words: str

    def hours(self, session_hours: float) -> float:
        return self.amount if self.unit == "hours" else self.amount * session_hours


_NUMBER = rf"(?:{DIGITS}|{words_pattern(NUMBER_WORDS)}|½|1/2|1 ?½)"
# not "every 10 days" nor "per day": those are how often, not how long
_NOT_A_FREQUENCY = r"(?<!every )(?<!each )(?<!per )(?<!a )(?<!/)"
_DAYS = re.compile(
    rf"{_NOT_A_FREQUENCY}\b(?P<n>{_NUMBER})\s*(?:x\s*)?(?:full\s+|whole\s+|working\s+)?days?\b(?!\s*(?:a|per|each)\s+week)"
    r"|\b(?P<half>half|½)(?:\s+a)?[\s-]*day\b"
    r"|\b(?P<full>full|all|whole|one|a full|a whole)[\s-]+day\b"
)
_SESSIONS = re.compile(rf"{_NOT_A_FREQUENCY}\b(?P<n>{_NUMBER}|a|one)\s*(?:x\s*)?sessions?\b")
_HALF_DAY = re.compile(r"\b(?:a|an|one|the)\s+(?:morning|afternoon|am|pm)(?:\s+session)?\b")
# words that say a length without one figure jobplan can read
_VAGUE = re.compile(
    r"\b(?:few|couple of|several|some|many|most of the|part of the|half of the)\s+"
    r"(?:hours?|hrs?|mins?|minutes?|days?|sessions?|mornings?|afternoons?)\b"
    rf"|\b{_NUMBER}\s*(?:-|to|or)\s*{_NUMBER}\s*(?:days?|sessions?)\b"
)


def _half(token: str) -> float | None:
    return 0.5 if token in ("½", "1/2") else (1.5 if token.replace(" ", "") == "1½" else None)


def parse_length(value) -> Length | None:
    """The length of one occurrence written in the text, or None when it gives none.

    Times ("09:00-12:30") and hours ("2 hrs", "90 min") are hours; "1 day", "2 days", "full day"
    are two sessions a day; "half day", "a morning", "an afternoon" one session; "2 sessions"
    two. "every 10 days" and "per day" are frequencies, not lengths. Raises TextParseError for
    a length that is not one figure ("a few hours", "1-2 days", "2 hours or a day").
    """
    if value is None or isinstance(value, bool) or not isinstance(value, str):
        return None
    text = tidy(value)
    text = re.sub(r"[()\[\]]", " ", text)
    text = re.sub(r"\s+", " ", text)
    if _VAGUE.search(text):
        raise TextParseError(f'{quote(value)} does not give one length; write e.g. "2 hours", "1 day" or "half day"')
    found: list[Length] = []
    hours = parse_time_range(text)
    if hours is None:
        hours = parse_hours(text)
    if hours is not None:
        found.append(Length(hours, "hours", f"{hours:g} h"))
    for match in _DAYS.finditer(text):
        if match["half"]:
            days = 0.5
        elif match["full"]:
            days = 1.0
        else:
            days = _half(match["n"]) or to_number(match["n"], value)
        found.append(Length(days * SESSIONS_PER_DAY, "sessions", match.group(0).strip()))
    for match in _SESSIONS.finditer(text):
        n = match["n"]
        count = 1.0 if n in ("a", "one") else (_half(n) or to_number(n, value))
        found.append(Length(count, "sessions", match.group(0).strip()))
    if not any(length.unit == "sessions" for length in found):
        found.extend(Length(1.0, "sessions", m.group(0)) for m in _HALF_DAY.finditer(text))
    if len(found) > 1:
        if found[0].unit == "hours" and not re.search(r"\bor\b", text):
            return found[0]  # "1 day (7.5 hours)": the hours say it exactly
        raise TextParseError(f'{quote(value)} gives more than one length; write one, e.g. "2 hours" or "1 day"')
    if found and found[0].amount <= 0:
        raise TextParseError(f"{quote(value)} gives a length of zero")
    return found[0] if found else None


def without_length(value: str) -> str:
    """The text with its length taken out, so "1 day a month" leaves "a month" to be read as how often."""
    text = tidy(value)
    for pattern in (_DAYS, _SESSIONS, _HALF_DAY):
        text = pattern.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()
