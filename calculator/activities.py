"""The activity dictionary: which category (DCC, SPA, ANR, ED) and pillar a job plan activity is.

The table itself is data, `calculator/data/activities.toml`, built from the seeds' activity
tables (method.md §1 and §4) with the source of each entry. A trust adds or overrides entries
in its jobplan.toml under `[activities."Name"]`; `check_trust_activities` validates that table.

Matching (method.md §4: a line the dictionary does not know is reported, never guessed):

- the text and every phrase are normalised (`normalise`), and a word's plural "s" is not
  significant ("clinics" matches "clinic", "activities" matches "activity");
- a phrase matches only as whole words;
- the phrase with the most words wins, then the one that comes first in the text;
- when the text gives examples ("Leadership activities – e.g. Clinical Advisory Group"), the
  words before "e.g." name the activity: the examples are looked at only when those words
  name nothing.
"""
from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Iterable, Iterator, Mapping

from .errors import ConfigError

CATEGORIES: tuple[str, ...] = ("DCC", "SPA", "ANR", "ED")
PILLARS: tuple[str, ...] = ("clinical", "leadership and management", "education", "research")

# invisible characters pasted from Word or email
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# every run of punctuation, dashes, slashes, quotes, brackets and whitespace
_SEPARATORS = re.compile(r"[\W_]+")
# word sequences after which a line gives examples of its activity
_EXAMPLE_MARKERS: tuple[tuple[str, ...], ...] = (("e", "g"), ("eg",), ("for", "example"))
_TRUST_KEYS = ("category", "pillar", "words")


def normalise(text: str) -> str:
    """Lower case; "&" becomes " and "; each run of punctuation, dashes, slashes, quotes,
    brackets and whitespace becomes one space; stripped.

    >>> normalise("Team/staff management – 1-1's")
    'team staff management 1 1 s'
    """
    text = "" if text is None else str(text)
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).lower().replace("&", " and ")
    return _SEPARATORS.sub(" ", text).strip()


def _fold(word: str) -> str:
    """A word without its plural ending, so "clinics" and "clinic" are one word."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def phrase_key(text: str) -> tuple[str, ...]:
    """The words a phrase or a line is matched by: normalised, plural endings folded."""
    return tuple(_fold(word) for word in normalise(text).split())


@dataclass(frozen=True)
class Activity:
    """One entry of the dictionary. `words` are the phrases that recognise it besides its name."""

    name: str
    category: str
    pillar: str
    words: tuple[str, ...]
    source: str

    @property
    def phrases(self) -> tuple[str, ...]:
        """Its name and its words: every phrase that recognises it."""
        return (self.name, *self.words)


def default_pillar(category: str) -> str:
    """The pillar an activity has when none is given: clinical for DCC, else leadership and management."""
    return "clinical" if category == "DCC" else "leadership and management"


@functools.lru_cache(maxsize=1)
def _packaged() -> tuple[Activity, ...]:
    """The dictionary shipped with jobplan (data/activities.toml)."""
    data = tomllib.loads(
        (resources.files("calculator") / "data" / "activities.toml").read_text(encoding="utf-8")
    )
    activities = []
    for number, entry in enumerate(data.get("activity", []), start=1):
        where = f"activities.toml entry {number} ({entry.get('name')!r})"
        if entry.get("category") not in CATEGORIES or entry.get("pillar") not in PILLARS:
            raise ValueError(f"{where}: category or pillar is not one jobplan knows.")
        if not isinstance(entry.get("name"), str) or not isinstance(entry.get("source"), str):
            raise ValueError(f"{where}: every entry needs a name and a source.")
        activities.append(Activity(
            name=entry["name"], category=entry["category"], pillar=entry["pillar"],
            words=tuple(entry.get("words", ())), source=entry["source"],
        ))
    return tuple(activities)


class ActivityDictionary:
    """The activities jobplan recognises, indexed by phrase for fast matching.

    Build it with `load`. Later activities' phrases take precedence over earlier ones, so a
    trust's entries win over the packaged table where both use a phrase.
    """

    def __init__(self, activities: Iterable[Activity], *, precedence: Iterable[Activity] = ()):
        self._activities: tuple[Activity, ...] = tuple(activities)
        # phrase key -> activity; `precedence` entries are indexed last so their phrases win
        first = tuple(precedence)
        index: dict[tuple[str, ...], Activity] = {}
        ordered = [a for a in self._activities if a not in first] + list(first)
        for activity in ordered:
            for phrase in activity.phrases:
                key = phrase_key(phrase)
                if key:
                    index[key] = activity
        self._index = index
        # first word -> the phrase lengths (in words) that start with it, longest first
        lengths: dict[str, set[int]] = {}
        for key in index:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}

    @classmethod
    def load(cls, trust: Mapping[str, Mapping] | None = None) -> "ActivityDictionary":
        """The packaged dictionary plus a trust's additions and overrides, keyed by activity name.

        A trust entry has the fields of the packaged ones (category; optional pillar, words,
        source). An entry whose name is already in the dictionary (ignoring case and
        punctuation) replaces that entry's category, pillar and source; the packaged phrases
        still recognise it, with the trust's words added.
        """
        activities = list(_packaged())
        if not trust:
            return cls(activities)
        sources = {name: entry.get("source") for name, entry in trust.items() if isinstance(entry, Mapping)}
        stripped = {
            name: ({k: v for k, v in entry.items() if k != "source"} if isinstance(entry, Mapping) else entry)
            for name, entry in trust.items()
        }
        checked = check_trust_activities(stripped, "the trust's activities")
        position = {normalise(a.name): i for i, a in enumerate(activities)}
        added: list[Activity] = []
        for name, entry in checked.items():
            source = sources.get(name) or "trust policy"
            words = list(entry["words"])
            i = position.get(normalise(name))
            if i is not None:
                known = {phrase_key(w) for w in words}
                words += [w for w in activities[i].phrases if phrase_key(w) not in known]
                words = [w for w in words if phrase_key(w) != phrase_key(name)]
            activity = Activity(name, entry["category"], entry["pillar"], tuple(words), str(source))
            if i is not None:
                activities[i] = activity
            else:
                position[normalise(name)] = len(activities)
                activities.append(activity)
            added.append(activity)
        return cls(activities, precedence=added)

    def __len__(self) -> int:
        return len(self._activities)

    def __iter__(self) -> Iterator[Activity]:
        return iter(self._activities)

    def get(self, name: str) -> Activity | None:
        """The activity of this name (ignoring case and punctuation), if there is one."""
        wanted = normalise(name)
        return next((a for a in self._activities if normalise(a.name) == wanted), None)

    @property
    def phrase_count(self) -> int:
        """How many distinct phrases recognise an activity."""
        return len(self._index)

    def match(self, text: str) -> Activity | None:
        """The activity named anywhere in the text: its longest phrase (in words), then the first.

        Words after "e.g." / "eg" / "for example" are examples: they are read only when the
        words before them name no activity.
        """
        words = phrase_key(text)
        if not words:
            return None
        cut = _examples_start(words)
        if cut:
            found = self._scan(words[:cut])
            if found is not None:
                return found
        return self._scan(words)

    def match_start(self, text: str) -> Activity | None:
        """The activity whose phrase starts the text (the longest such phrase), as where a cell
        holds an activity's name followed by its description."""
        words = phrase_key(text)
        if not words:
            return None
        for size in self._lengths.get(words[0], ()):
            if size > len(words):
                continue
            found = self._index.get(words[:size])
            if found is not None:
                return found
        return None

    def _scan(self, words: tuple[str, ...]) -> Activity | None:
        best: Activity | None = None
        best_size = 0
        for start, word in enumerate(words):
            for size in self._lengths.get(word, ()):
                if size <= best_size:
                    break
                if start + size > len(words):
                    continue
                found = self._index.get(words[start:start + size])
                if found is not None:
                    best, best_size = found, size
                    break
        return best


def _examples_start(words: tuple[str, ...]) -> int:
    """Where the examples in a line begin (the position of "e.g."), or 0 when it gives none."""
    for start in range(1, len(words)):
        for marker in _EXAMPLE_MARKERS:
            if words[start:start + len(marker)] == marker:
                return start
    return 0


def _toml_key(name: str) -> str:
    escaped = str(name).replace("\\", "\\\\").replace('"', '\\"')
    return f'activities."{escaped}"'


def check_trust_activities(data: object, source: str) -> dict[str, dict]:
    """Validate a trust's `[activities."Name"]` table from its jobplan.toml.

    Each entry needs `category` (DCC, SPA, ANR or ED); `pillar` is optional (one of the four
    pillars; clinical for DCC, otherwise leadership and management); `words` is an optional
    list of phrases. Returns {name: {"category", "pillar", "words", "source"}}; anything wrong
    raises ConfigError naming the key and `source`.
    """
    if not isinstance(data, Mapping):
        raise ConfigError(
            f"'activities' in {source} must be a table of activities by name, for example: "
            '[activities."Freedom to Speak Up guardian"] then category = "ANR".'
        )
    result: dict[str, dict] = {}
    seen: dict[str, str] = {}
    for name, entry in data.items():
        key = _toml_key(name)
        if not isinstance(name, str) or not normalise(name):
            raise ConfigError(f"{key} in {source}: an activity's name must contain letters or digits.")
        if normalise(name) in seen:
            raise ConfigError(
                f"{key} in {source} is the same activity as {_toml_key(seen[normalise(name)])}: "
                "give each activity once."
            )
        seen[normalise(name)] = name
        if not isinstance(entry, Mapping):
            raise ConfigError(
                f'{key} in {source} must be a table, for example: [{key}] then category = "ANR".'
            )
        for field_name in entry:
            if field_name not in _TRUST_KEYS:
                raise ConfigError(
                    f"{key}.{field_name} in {source} is not a setting of an activity: "
                    "write category, pillar or words."
                )
        if "category" not in entry:
            raise ConfigError(
                f"{key}.category is missing in {source}: every activity needs a category, "
                "one of DCC, SPA, ANR or ED."
            )
        category = entry["category"]
        if not isinstance(category, str) or category.strip().upper() not in CATEGORIES:
            raise ConfigError(
                f"{key}.category in {source} is {category!r}: it must be one of DCC, SPA, ANR or ED."
            )
        category = category.strip().upper()
        pillar = entry.get("pillar")
        if pillar is None:
            pillar = default_pillar(category)
        else:
            pillars = {normalise(p): p for p in PILLARS}
            if not isinstance(pillar, str) or normalise(pillar) not in pillars:
                raise ConfigError(
                    f"{key}.pillar in {source} is {pillar!r}: it must be one of "
                    + ", ".join(f'"{p}"' for p in PILLARS) + "."
                )
            pillar = pillars[normalise(pillar)]
        words = entry.get("words", [])
        if not isinstance(words, list):
            raise ConfigError(
                f'{key}.words in {source} is {words!r}: it must be a list of phrases, '
                'for example words = ["FTSU guardian", "speak up guardian"].'
            )
        for number, word in enumerate(words):
            if not isinstance(word, str) or not normalise(word):
                raise ConfigError(
                    f"{key}.words[{number}] in {source} is {word!r}: each phrase must be text "
                    "with letters or digits."
                )
        result[name] = {"category": category, "pillar": pillar, "words": list(words), "source": source}
    return result
