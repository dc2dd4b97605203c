"""Helpers shared by the cell-text parsers: tidying what was typed, quoting it back, number words."""
from __future__ import annotations

import math
import re

from calculator.errors import TextParseError

# Text pasted from Word or email carries look-alike dashes and invisible characters.
_LOOK_ALIKES = {
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"),
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
}

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

# "every other week", "every third month"
ORDINAL_WORDS = {
    "other": 2, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}

# "once a week", "twice yearly"
MULTIPLE_WORDS = {"once": 1, "twice": 2, "thrice": 3}

DIGITS = r"[0-9]+(?:\.[0-9]+)?"


def words_pattern(words) -> str:
    """A regex alternation of the words, longest first so "tues" wins over "tue"."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def _text(value) -> str:
    if value is None:
        return ""
    try:
        return str(value)
    except ValueError:  # Python refuses to print an int of more than 4300 digits
        return "a number too long to show"


def cell_number(value: float) -> float:
    """A cell's int or float as a float; an int too large for a float becomes infinite."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def tidy(value, *, lower: bool = True) -> str:
    """The text of a cell in lower case, with dashes made "-", each run of whitespace made
    one space, and trailing punctuation dropped."""
    text = _text(value)
    text = text.translate(_LOOK_ALIKES)
    if lower:
        text = text.lower()
    text = re.sub(r"\s+", " ", text)
    return text.strip().rstrip(".,;:!?").strip()


def drop_dots(text: str) -> str:
    """'p.a.' -> 'pa', 'Sess. 3' -> 'Sess 3'; a decimal point between digits stays."""
    return re.sub(r"(?<![0-9])\.|\.(?![0-9])", "", text)


def quote(value) -> str:
    """The cell's text as a message shows it: one line, not too long."""
    text = re.sub(r"\s+", " ", _text(value)).strip()
    if not text:
        return "an empty cell"
    if len(text) > 60:
        text = text[:57] + "..."
    return f"'{text}'"


def to_number(token: str, value) -> float:
    """A digits token or number word as a float; absurdly long digit runs are refused."""
    number = NUMBER_WORDS.get(token)
    if number is None:
        number = float(token)
    if not math.isfinite(number):
        raise TextParseError(f"{quote(value)} holds a number too large to be real")
    return float(number)
