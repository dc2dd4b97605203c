"""A sheet's values as a grid, and finding things in it by their label rather than by fixed cell.

Trusts convert the Word templates into Excel in their own ways: rows inserted, tables moved,
labels with colons or other capitals. Everything here looks for words, never addresses.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Iterable, Iterator

from xlsxwriter.utility import xl_col_to_name

# Reading is bounded: a job plan fits in a few hundred rows; a sheet far larger is not one.
MAX_ROWS = 2000
MAX_COLUMNS = 60


@functools.lru_cache(maxsize=1 << 16)  # the same labels recur in every workbook of a template
def normalise_label(value: Any) -> str:
    """Lower case words and digits only.

    'Type of work (Clinical, SPA or Integrated):' is 'type of work clinical spa or integrated'.
    """
    if value is None:
        return ""
    text = str(value).replace("&", " and ").lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def label_starts(value: Any, *phrases: str) -> bool:
    """The cell's label begins with one of the phrases: headings often carry a note in brackets."""
    # a whole phrase, then the label's end or a space: "band" is the start of "band 7", not of "bandage"
    return (normalise_label(value) + " ").startswith(_whole_words(phrases))


@functools.lru_cache(maxsize=1024)  # the readers ask with the same few tuples of phrases, thousands of times
def _whole_words(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(phrase + " " for phrase in phrases)


@dataclass
class Grid:
    """The non-empty values of one sheet, by 1-based (row, column)."""

    sheet: str
    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    truncated: bool = False
    # merged ranges as (first row, first column, last row, last column), and each covered cell's top-left
    merged: list[tuple[int, int, int, int]] = field(default_factory=list, repr=False)
    _anchors: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict, repr=False)
    _filled: set[tuple[int, int]] = field(default_factory=set, repr=False)  # values copied down a merge
    # a transposed view of a sheet (see ``transposed``): its cells are named as the sheet's own
    is_transposed: bool = False
    _rows: dict[int, list[tuple[int, Any]]] | None = field(default=None, repr=False)
    # what each reader found in this sheet, so detection and reading look only once
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.values), default=0)

    def get(self, row: int, col: int) -> Any:
        return self.values.get((row, col))

    def text(self, row: int, col: int) -> str:
        value = self.values.get((row, col))
        return "" if value is None else str(value).strip()

    def row_cells(self, row: int) -> list[tuple[int, Any]]:
        """(column, value) of the row's non-empty cells, left to right."""
        if self._rows is None:
            self._rows = {}
            for (r, c), v in sorted(self.values.items()):
                self._rows.setdefault(r, []).append((c, v))
        return self._rows.get(row, [])

    def row_numbers(self) -> list[int]:
        """The rows that hold anything, top to bottom."""
        self.row_cells(0)
        return sorted(self._rows)

    def cells(self) -> Iterator[tuple[int, int, Any]]:
        """(row, column, value) of every non-empty cell, row by row."""
        for (r, c), v in sorted(self.values.items()):
            yield r, c, v

    def fill_merged_down(self, ranges: Iterable[tuple[int, int, int, int]],
                         limits: tuple[int, int] = (MAX_ROWS, MAX_COLUMNS)) -> None:
        """A value merged over several rows belongs to each of them ("Clinical" over a day's two sessions).

        ``ranges`` are (first row, first column, last row, last column). Only the first column is
        filled: a label merged across columns keeps its value cell to the right. Every range is kept,
        so a reader can find the value that covers a cell in either direction (``covering``) and
        name the cell Excel shows it in (``where``).
        """
        for first_row, first_col, last_row, last_col in ranges:
            if first_row > limits[0] or first_col > limits[1]:
                continue
            last_row, last_col = min(last_row, limits[0]), min(last_col, limits[1])
            self.merged.append((first_row, first_col, last_row, last_col))
            for row in range(first_row, last_row + 1):
                for col in range(first_col, last_col + 1):
                    if (row, col) != (first_row, first_col):
                        self._anchors[(row, col)] = (first_row, first_col)
            value = self.values.get((first_row, first_col))
            if value is None:
                continue
            for row in range(first_row + 1, last_row + 1):
                if (row, first_col) not in self.values:
                    self.values[(row, first_col)] = value
                    self._filled.add((row, first_col))
        self._rows = None  # rebuilt on next use

    def anchor(self, row: int, col: int) -> tuple[int, int]:
        """The top-left cell of the merged range that covers this cell, or the cell itself."""
        return self._anchors.get((row, col), (row, col))

    def covering(self, row: int, col: int) -> Any:
        """The cell's value, or the value of the merged range that covers it (in any direction)."""
        value = self.values.get((row, col))
        return self.values.get(self.anchor(row, col)) if value is None else value

    def last_column(self, row: int, col: int) -> int:
        """The last column of the merged range this cell heads (a label merged across), or the cell's own."""
        if (row + 0, col + 1) in self._anchors and self._anchors[(row, col + 1)] == (row, col):
            return max(c1 for r0, c0, _r1, c1 in self.merged if (r0, c0) == (row, col))
        return col

    def where(self, row: int, col: int) -> str:
        """The cell a manager sees the value in: the top-left of its merged range, in the sheet's A1 terms."""
        row, col = self.anchor(row, col)
        return coordinate(col, row) if self.is_transposed else coordinate(row, col)

    def transposed(self) -> "Grid":
        """The same sheet with rows and columns swapped, for tables laid out the other way round
        (days down the side instead of across the top); ``anchor`` and ``where`` still name the
        sheet's own cells once swapped back by the reader."""
        if "transposed" not in self.memo:
            grid = Grid(self.sheet, {(c, r): v for (r, c), v in self.values.items() if (r, c) not in self._filled},
                        self.truncated, is_transposed=not self.is_transposed)
            grid.fill_merged_down(((c0, r0, c1, r1) for r0, c0, r1, c1 in self.merged), (MAX_COLUMNS, MAX_ROWS))
            self.memo["transposed"] = grid
        return self.memo["transposed"]


def coordinate(row: int, col: int) -> str:
    return f"{xl_col_to_name(col - 1)}{row}"


def clean_value(value: Any) -> Any:
    """Blank strings become None; text is stripped; times of day and dates stay as they are."""
    if isinstance(value, str):
        value = value.replace("\u00a0", " ").strip()
        return value or None
    if isinstance(value, (int, float, datetime, date, time, bool)) or value is None:
        return value
    return str(value)


def grid_from_rows(sheet: str, rows: Iterable[Iterable[Any]]) -> Grid:
    """Build a grid from row tuples starting at A1 (openpyxl values_only, python-calamine, ...)."""
    grid = Grid(sheet)
    for r, row in enumerate(rows, start=1):
        if r > MAX_ROWS:
            grid.truncated = True
            break
        for c, value in enumerate(row, start=1):
            if c > MAX_COLUMNS:
                if value not in (None, ""):
                    grid.truncated = True
                break
            value = clean_value(value)
            if value is not None:
                grid.values[(r, c)] = value
    return grid
