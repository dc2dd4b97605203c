"""Words that mark a session as not worked ("Non-working day", "Day off", "N/A", "—"), and the trust's own."""
from __future__ import annotations

import re

# normalised (lower case, words and digits only): what people type in a session they do not work
NOT_WORKING_WORDS = (
    "non working", "non working day", "nonworking", "nonworking day", "not working", "not worked",
    "not working day", "day off", "off", "off duty", "rest day", "n a", "na", "none", "no session",
    "not applicable", "nwd", "not contracted", "non contracted", "non contracted day", "not in", "not at work",
)


def _normalise(text: object) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", str(text).replace("&", " and ").lower()))


def is_not_working(value: object, extra: tuple[str, ...] = ()) -> bool:
    """The whole cell (or line) says the session is not worked: one of the words, or only dashes.

    ``extra`` are the trust's own words (jobplan.toml ``not_working_words``), matched the same way:
    case, punctuation and spacing do not matter.
    """
    if value is None:
        return False
    text = str(value).strip()
    if text and re.fullmatch(r"[\s\-\u2010-\u2015\u2212.]+", text):
        return True  # "-", "—", "..." typed to show the cell is deliberately empty
    words = _normalise(text)
    return bool(words) and (words in NOT_WORKING_WORDS or words in {_normalise(w) for w in extra})
