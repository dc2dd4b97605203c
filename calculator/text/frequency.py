"""How often an activity happens: "monthly", "every 6 weeks", "3 times a year", "2/month"."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from calculator.errors import TextParseError
from calculator.text._words import (
    DIGITS,
    MULTIPLE_WORDS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    drop_dots,
    quote,
    tidy,
    to_number,
    words_pattern,
)

PERIODS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class Frequency:
    """count occurrences per period (one of PERIODS)."""

    count: float
    period: str


# fortnights, quarters and terms are turned into weeks and years by _per and _every
_PERIOD_WORDS = {
    "day": "day", "days": "day",
    "week": "week", "weeks": "week", "wk": "week", "wks": "week",
    "fortnight": "fortnight", "fortnights": "fortnight",
    "month": "month", "months": "month", "mth": "month", "mths": "month", "calendar month": "month",
    "quarter": "quarter", "quarters": "quarter",
    "term": "term", "terms": "term",
    "year": "year", "years": "year", "yr": "year", "yrs": "year", "annum": "year",
}
_ADVERBS = {
    "daily": "day", "weekly": "week", "fortnightly": "fortnight", "monthly": "month",
    "quarterly": "quarter", "termly": "term", "yearly": "year", "annually": "year", "annual": "year",
}
_PER_ABBREVIATIONS = {"pa": "year", "pw": "week", "pcm": "month", "pd": "day"}
# the usual NHS readings of words that are ambiguous in general English
_TWO_PER = {
    "biweekly": Frequency(0.5, "week"),
    "bimonthly": Frequency(6.0, "year"),
    "biannually": Frequency(2.0, "year"), "biannual": Frequency(2.0, "year"),
    "semiannually": Frequency(2.0, "year"), "semiannual": Frequency(2.0, "year"),
    "halfyearly": Frequency(2.0, "year"),
}

_NUMBER = f"(?:{DIGITS}|{words_pattern(NUMBER_WORDS)})"
_COUNT = f"(?:{_NUMBER}|{words_pattern(MULTIPLE_WORDS)})"
_PERIOD = words_pattern(_PERIOD_WORDS)
_ADVERB = words_pattern(_ADVERBS)
_SEPARATOR = r"(?:an|a|per|each|every|/|in an|in a)"

# tried in this order; the first that matches anywhere in the text wins
_TWO_PER_RE = re.compile(
    r"\b(?P<two>bi ?weekly|bi ?monthly|bi ?annual(?:ly)?|semi ?annual(?:ly)?|half ?yearly)\b"
)
_EVERY_RE = re.compile(
    rf"\b(?:every|each|(?:1|one) in)\s+"
    rf"(?:(?P<n>{_NUMBER}|{words_pattern(ORDINAL_WORDS)})\s+)?(?P<unit>{_PERIOD})\b"
)
_COUNT_PER_RE = re.compile(
    rf"(?:(?<![0-9.])\b(?P<n>{_COUNT})\s*(?:x|times|time)?|\bx\s*(?P<xn>{_NUMBER}))"
    rf"\s*(?:{_SEPARATOR}\s*(?P<unit>{_PERIOD})|(?P<abbr>{words_pattern(_PER_ABBREVIATIONS)}))\b"
)
_N_LY_RE = re.compile(rf"(?<![0-9.])\b(?P<n>{_COUNT})\s*(?P<x>x|times)?\s*(?P<adv>{_ADVERB})\b")
_ADVERB_RE = re.compile(rf"\b(?P<adv>{_ADVERB})\b")
# "a month", "per year": once a period, as what is left of "1 day a month" once its length is read
_ONCE_PER_RE = re.compile(rf"(?:^|\s)(?:a|an|per|each)\s+(?P<unit>{_PERIOD})\b")

_EXAMPLE = 'write e.g. "monthly", "every 6 weeks" or "3 per year"'


def _count(token: str, value) -> float:
    count = float(MULTIPLE_WORDS.get(token) or ORDINAL_WORDS.get(token) or to_number(token, value))
    if count <= 0:
        raise TextParseError(f"{quote(value)} gives a frequency of zero; {_EXAMPLE}")
    return count


def _per(count: float, unit: str) -> Frequency:
    """count times per unit."""
    if unit == "fortnight":
        return Frequency(count / 2, "week")
    if unit == "quarter":
        return Frequency(count * 4, "year")
    if unit == "term":
        return Frequency(count * 3, "year")
    return Frequency(count, unit)


def _every(n: float, unit: str) -> Frequency:
    """Once every n units; "every 3 months" is counted per year, as managers say "4 a year"."""
    if unit == "month" and n != 1:
        return Frequency(12 / n, "year")
    return _per(1 / n, unit)


def _read(text: str, value) -> Frequency | None:
    if match := _TWO_PER_RE.search(text):
        return _TWO_PER[match["two"].replace(" ", "")]
    if match := _EVERY_RE.search(text):
        return _every(_count(match["n"], value) if match["n"] else 1.0, _PERIOD_WORDS[match["unit"]])
    if match := _COUNT_PER_RE.search(text):
        unit = _PERIOD_WORDS[match["unit"]] if match["unit"] else _PER_ABBREVIATIONS[match["abbr"]]
        return _per(_count(match["n"] or match["xn"], value), unit)
    if match := _N_LY_RE.search(text):
        count, unit = _count(match["n"], value), _ADVERBS[match["adv"]]
        # "twice yearly" and "2x weekly" count per period; "6 weekly" means every 6 weeks
        if match["x"] or match["n"] in MULTIPLE_WORDS:
            return _per(count, unit)
        return _every(count, unit)
    if match := _ADVERB_RE.search(text):
        return _per(1.0, _ADVERBS[match["adv"]])
    if match := _ONCE_PER_RE.search(text):
        return _per(1.0, _PERIOD_WORDS[match["unit"]])
    return None


def parse_frequency(value) -> Frequency:
    """How often something happens, as count per day, week, month or year.

    Understands "daily", "weekly", "fortnightly", "monthly", "quarterly", "termly",
    "annually"; "every 6 weeks", "every other month", "six weekly", "6-monthly";
    "twice a month", "2 x per month", "x2 a month", "2/month", "3 times a year", "3 pa".
    "bi-weekly" is every two weeks, "bi-monthly" every two months, "bi-annually" twice a year.
    Raises TextParseError for anything else, ranges ("2-3 times a month"), and counts that
    are zero or negative.
    """
    if isinstance(value, bool) or not isinstance(value, str):
        raise TextParseError(f"{quote(value)} is not a frequency jobplan understands; {_EXAMPLE}")
    text = drop_dots(tidy(value))
    text = re.sub(r"(?<=[a-z0-9])-(?=[a-z])", " ", text)  # "bi-weekly", "6-weekly"
    text = re.sub(r"[()\[\],;]", " ", text)
    if re.search(r"(?<![0-9a-z])-\s*[0-9]", text):
        raise TextParseError(f"{quote(value)} is negative; {_EXAMPLE}")
    if re.search(r"[0-9]\s*(?:-|\bto\b|\bor\b)\s*[0-9]", text):
        raise TextParseError(f"{quote(value)} gives a range; pick one number and {_EXAMPLE}")
    frequency = _read(text, value)
    if frequency is None or not (math.isfinite(frequency.count) and frequency.count > 0):
        raise TextParseError(f"{quote(value)} is not a frequency jobplan understands; {_EXAMPLE}")
    return frequency
