"""The clinical share of an integrated session: "Integrated (60/40)", "70% clinical", "40% SPA"."""
from __future__ import annotations

import re

from calculator.errors import TextParseError
from calculator.text._words import quote, tidy

_PERCENT = r"[0-9]{1,3}(?:\.[0-9]+)?"
_CLINICAL = r"(?:direct clinical(?: care)?|clinical|clin|dcc|patient[- ]facing)"
_SPA = r"(?:non[- ]?clinical|spa|supporting professional activit(?:y|ies))"
# "non-clinical" is tried before "clinical" so it is not read as clinical
_LABEL = rf"(?:(?P<spa>{_SPA})|(?P<clinical>{_CLINICAL}))\b"

_PERCENT_THEN_LABEL = re.compile(rf"(?<![0-9.])(?P<pct>{_PERCENT})\s*%\s*(?:of (?:the )?time )?{_LABEL}")
_LABEL_THEN_PERCENT = re.compile(rf"\b{_LABEL}\s*[:=-]?\s*(?P<pct>{_PERCENT})\s*%")

_RATIO = re.compile(
    # not part of a date (10/03/2025) or a time range (09:00-12:00)
    r"(?<![0-9.])(?<![0-9][-/:.])"
    rf"(?P<a>{_PERCENT})\s*%?\s*(?P<sep>[/:-])\s*(?P<b>{_PERCENT})(?![0-9.])\s*%?"
    r"(?!\s*[-/:.]\s*[0-9])"
)
_SPA_FIRST = re.compile(rf"\bspa\s*[/:-]\s*{_CLINICAL}\b")
_CONTEXT = re.compile(r"\b(?:clinical|spa|split|integrated|ratio)\b")

_EXAMPLE = 'write e.g. "Integrated 60/40" or "60% clinical"'


def _labelled(text: str, value) -> float | None:
    # "60% clinical 40% SPA" is read label-after; "SPA 30% / clinical 70%" label-before
    matches = list(_PERCENT_THEN_LABEL.finditer(text)) or list(_LABEL_THEN_PERCENT.finditer(text))
    clinical = next((float(m["pct"]) for m in matches if m["clinical"]), None)
    spa = next((float(m["pct"]) for m in matches if m["spa"]), None)
    for percent in (clinical, spa):
        if percent is not None and percent > 100:
            raise TextParseError(f"{quote(value)} has a percentage over 100; {_EXAMPLE}")
    if clinical is not None and spa is not None and abs(clinical + spa - 100) > 1e-9:
        raise TextParseError(
            f"In {quote(value)} the clinical and SPA percentages do not add up to 100; {_EXAMPLE}"
        )
    if clinical is not None:
        return clinical / 100
    if spa is not None:
        return 1 - spa / 100
    return None


def _ratio(text: str, value) -> float | None:
    for match in _RATIO.finditer(text):
        a, b = float(match["a"]), float(match["b"])
        if abs(a + b - 100) <= 1e-9:
            clinical = b if _SPA_FIRST.search(text) else a
            return clinical / 100
        looks_like_clock = match["sep"] == ":" and a <= 24 and len(match["b"]) == 2 and b < 60
        if match["sep"] == "-" or looks_like_clock:
            continue  # "9-12" and "9:30" are times, not splits
        raise TextParseError(f"In {quote(value)} the two parts of the split do not add up to 100; {_EXAMPLE}")
    return None


def parse_clinical_share(value, *, require_context: bool = False) -> float | None:
    """The clinical fraction (0 to 1) of an integrated session, or None when none is given.

    Read from "N% clinical" / "N% SPA" (either order, with the label before or after), or a
    split "N/M", "N:M", "N-M" with the clinical part first, as in the template's heading
    "Clinical, SPA or Integrated" (unless the text says "SPA/clinical"). A dashed "N-M"
    counts only when it sums to 100. With require_context, a bare split counts only when the
    text also says clinical, SPA, split, integrated or ratio.

    Raises TextParseError when a split does not add up to 100, a percentage is over 100, or
    both clinical and SPA percentages are given and do not add up to 100.
    """
    if isinstance(value, bool) or not isinstance(value, str):
        return None
    # "Clinical (70%) / SPA (30%)": brackets only get in the way of the patterns
    text = re.sub(r"[()\[\]]", " ", tidy(value))
    share = _labelled(text, value)
    if share is None and (not require_context or _CONTEXT.search(text)):
        share = _ratio(text, value)
    return share
