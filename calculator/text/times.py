"""Start-end time ranges typed into a session cell: "09:00-12:45", "9am – 12.30pm", "0900-1245"."""
from __future__ import annotations

import re

from calculator.errors import TextParseError
from calculator.text._words import quote, tidy


def _clock(tag: str) -> str:
    # "0900" (four digits), or "9", "9:00", "9.00"; then an optional am/pm marker
    return (
        rf"(?:(?P<{tag}h4>[0-9]{{2}})(?P<{tag}m4>[0-9]{{2}})"
        rf"|(?P<{tag}h>[0-9]{{1,2}})(?:[:.](?P<{tag}m>[0-9]{{2}}))?)"
        rf"\s*(?:(?P<{tag}ap>[ap])\.?m\b\.?)?(?:\s*(?:noon|midday)\b)?"
    )


_RANGE = re.compile(
    # not the middle of a date like 10-03-2025 or a longer number
    r"(?<![0-9])(?<![0-9][-/:.])"
    + _clock("s")
    + r"\s*(?:-+|\bto\b)\s*"
    + _clock("e")
    + r"(?![-/:.]?[0-9])"
    # "2-3 hours" and "50-50%" are amounts, not times of day
    + r"(?!\s*(?:%|h\b|hrs?\b|hours?\b|mins?\b|minutes?\b))"
)

_EXAMPLE = 'write e.g. "09:00-12:30" or "9am-12.30pm"'


def _minutes(match: re.Match, tag: str, marker: str | None, value) -> int:
    hour = int(match[f"{tag}h4"] or match[f"{tag}h"])
    minute = int(match[f"{tag}m4"] or match[f"{tag}m"] or 0)
    if minute >= 60:
        raise TextParseError(f"{quote(value)} has a time with {minute} minutes; {_EXAMPLE}")
    if hour > 24 or (hour == 24 and minute):
        raise TextParseError(f"{quote(value)} has a time past 24:00; {_EXAMPLE}")
    if marker:
        if not 1 <= hour <= 12:
            raise TextParseError(f"{quote(value)} has {hour}{marker}m, which is not a time; {_EXAMPLE}")
        hour = hour % 12 + (12 if marker == "p" else 0)
    return hour * 60 + minute


def _is_split(match: re.Match) -> bool:
    # bare numbers past 24, as in "Integrated 60-40", are a split of time, not times of day
    bare = not any(match[g] for g in ("sh4", "sm", "sap", "eh4", "em", "eap"))
    return bare and max(int(match["sh"]), int(match["eh"])) > 24


def time_range_bounds(value) -> tuple[int, int] | None:
    """Start and end of the first time range in the text, in minutes after midnight,
    after the am/pm rules of `parse_time_range`; None when there is no time range."""
    ranges = [m for m in _RANGE.finditer(tidy(value)) if not _is_split(m)]
    if not ranges:
        return None
    if len(ranges) > 1:
        # "09:00-12:30, 13:30-17:00" is a day, not a session: which part is meant cannot be known
        raise TextParseError(f"{quote(value)} holds more than one time range; {_EXAMPLE}")
    match = ranges[0]
    start_marker, end_marker = match["sap"], match["eap"]
    end = _minutes(match, "e", end_marker, value)
    start = _minutes(match, "s", start_marker, value)
    if start_marker is None and end_marker is not None:
        # "1-5pm" means 1pm to 5pm, but "9-1pm" means 9am to 1pm
        start_hour = int(match["sh4"] or match["sh"])
        borrowed = _minutes(match, "s", end_marker, value) if 1 <= start_hour <= 12 else start
        if borrowed < end:
            start = borrowed
    if end_marker is None and end <= start and end < 13 * 60:
        end = _minutes(match, "e", "p", value) if end >= 60 else end + 12 * 60
    if end <= start:
        raise TextParseError(f"{quote(value)} ends before it starts; {_EXAMPLE}")
    if end - start >= 24 * 60:
        raise TextParseError(f"{quote(value)} lasts a whole day or more; {_EXAMPLE}")
    return start, end


def parse_time_range(value) -> float | None:
    """Length in hours of the start-end time range in a cell.

    Separators are "-", "–", "—" and "to"; times may be "9", "9:00", "9.00", "0900", with or
    without am/pm. A start without am/pm takes the end's marker when that keeps it before
    the end ("1-5pm" is 4 hours). An end without am/pm that is not after the start is read
    as pm when its hour is 12 or less ("9-1" is 9am to 1pm, 4 hours; "9-9" is 9am to 9pm).
    Ranges over midnight are not supported.

    Returns None when the text holds no time range ("Tuesday AM", "(times)", empty); bare
    numbers past 24 such as "60-40" are a clinical/SPA split, not a time range.
    Raises TextParseError for a range that cannot be a session: minutes of 60 or more,
    an hour past 24, an end not after the start, a whole day or more, or two ranges.
    """
    bounds = time_range_bounds(value)
    if bounds is None:
        return None
    start, end = bounds
    return (end - start) / 60
