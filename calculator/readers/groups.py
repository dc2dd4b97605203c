"""Professional groups named as the NHS names them: "Physio", "PT" and "Physiotherapist" are Physiotherapy.

The table is data (calculator/data/professional_groups.toml); what it does not know is kept as typed.
"""
from __future__ import annotations

import functools
import tomllib
from importlib import resources

from ..activities import normalise


@functools.lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(exact word -> group, [(longer phrase, group)] longest first)."""
    data = tomllib.loads((resources.files("calculator") / "data" / "professional_groups.toml")
                         .read_text(encoding="utf-8"))
    exact: dict[str, str] = {}
    phrases: list[tuple[str, str]] = []
    for entry in data["group"]:
        for word in (entry["name"], *entry.get("words", ())):
            key = normalise(word)
            exact[key] = entry["name"]
            if len(key) > 3:
                phrases.append((key, entry["name"]))
    phrases.sort(key=lambda item: -len(item[0].split()))
    return exact, phrases


def professional_group(typed: str) -> str | None:
    """The NHS's name for the group typed ("Physio" -> "Physiotherapy"), or None when the table has none."""
    text = normalise(typed)
    exact, phrases = _table()
    if text in exact:
        return exact[text]
    padded = f" {text} "
    for phrase, group in phrases:
        if f" {phrase} " in padded:
            return group
    return None
