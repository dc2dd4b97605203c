"""A hostile (or unlucky) corpus, built when asked: nothing here is committed but this script.

Each case is one bad workbook (or side file) made from a real sample plan, so that what is wrong
with it is the one thing named. ``build(case, folder, full=False)`` writes it into ``folder``; the
tests use the small form (big enough to cross jobplan's limits, quick to make), the benchmark
``full=True``, the sizes issue 15 measured.

    python -m tests.hostile_corpus OUT_DIR [--full]      # every case, one folder each
"""
from __future__ import annotations

import os
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TEAM = ROOT / "sample_data" / "specialist-practice-team"
BASE = SAMPLE_TEAM / "Amara Okafor - job plan 2026.xlsx"
# three good plans beside every case; their figures are worked out by hand in test_sample_team.py
GOOD = ("Ben Carter FCP job plan.xlsx", "Hannah Price lung CNS.xlsx", "Kofi Mensah haematology CNS.xlsx")
SHEET = "xl/worksheets/sheet1.xml"
MB = 1 << 20


def copy_good(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in GOOD:
        shutil.copy2(SAMPLE_TEAM / name, folder / name)


def _rewrite(target: Path, sheet: Callable[[bytes], Iterable[bytes]] | None = None,
             extra: dict[str, Callable[[], Iterable[bytes]]] | None = None,
             workbook: Callable[[bytes], bytes] | None = None, content_types: Callable[[bytes], bytes] | None = None,
             rels: Callable[[bytes], bytes] | None = None, level: int = 1) -> Path:
    """The base plan with its first sheet (and other parts) rewritten as a stream of chunks."""
    with zipfile.ZipFile(BASE) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED,
                                                          compresslevel=level) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == SHEET and sheet is not None:
                with out.open(info.filename, "w", force_zip64=True) as handle:
                    for chunk in sheet(data):
                        handle.write(chunk)
                continue
            if info.filename == "xl/workbook.xml" and workbook:
                data = workbook(data)
            if info.filename == "[Content_Types].xml" and content_types:
                data = content_types(data)
            if info.filename == "xl/_rels/workbook.xml.rels" and rels:
                data = rels(data)
            out.writestr(info.filename, data)
        for name, chunks in (extra or {}).items():
            info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name.startswith("xl/media/") else zipfile.ZIP_DEFLATED
            with out.open(info, "w", force_zip64=True) as handle:
                for chunk in chunks():
                    handle.write(chunk)
    return target


def _before_sheet_data_end(xml: bytes, insert: bytes) -> bytes:
    head, tail = xml.split(b"</sheetData>")
    return head + insert + b"</sheetData>" + tail


def _repeat(chunk: bytes, total: int) -> Iterable[bytes]:
    block = chunk * max(1, MB // len(chunk))
    for _ in range(max(1, total // len(block))):
        yield block


def cell_far_out(folder: Path, full: bool = False, ref: str = "XFD1048576") -> Path:
    """A real plan with one more cell typed at the last cell Excel has (calamine aborts on it)."""
    row = "".join(ch for ch in ref if ch.isdigit())
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
    return _rewrite(folder / f"far cell {ref}.xlsx", sheet=lambda xml: [_before_sheet_data_end(xml, cell)])


def dimension_absurd(folder: Path, full: bool = False) -> Path:
    """A plan whose sheet says it spans A1:XFD1048576, the whole grid."""
    return _rewrite(folder / "whole grid dimension.xlsx",
                    sheet=lambda xml: [xml.replace(b'<dimension ref="A1:F51" />', b'<dimension ref="A1:XFD1048576" />')])


def empty_rows_bomb(folder: Path, full: bool = False) -> Path:
    """A few MB that inflate to ~2 GB of empty rows (40 MB in the small form)."""
    size = (2048 if full else 40) * MB

    def sheet(xml: bytes):
        head, tail = xml.split(b"</sheetData>")
        yield head
        yield from _repeat(b"<row/>", size)
        yield b"</sheetData>" + tail
    return _rewrite(folder / "empty rows bomb.xlsx", sheet=sheet)


def whitespace_bomb(folder: Path, full: bool = False) -> Path:
    """A plan padded with gigabytes of whitespace between its elements (40 MB in the small form)."""
    size = (2048 if full else 40) * MB

    def sheet(xml: bytes):
        head, tail = xml.split(b"<sheetData>")
        yield head + b"<sheetData>"
        yield from _repeat(b" ", size)
        yield tail
    return _rewrite(folder / "whitespace bomb.xlsx", sheet=sheet)


def shared_strings_bomb(folder: Path, full: bool = False) -> Path:
    """A shared-strings part of 60 million entries (2.5 million, 42 MB, in the small form)."""
    count = 60_000_000 if full else 2_500_000

    def strings():
        yield (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
               b'uniqueCount="%d">' % (count, count))
        block = b"<si><t>x</t></si>" * 100_000
        for _ in range(count // 100_000):
            yield block
        yield b"</sst>"
    ct = b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.' \
         b'spreadsheetml.sharedStrings+xml"/></Types>'
    rel = b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/' \
          b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    return _rewrite(folder / "shared strings bomb.xlsx", extra={"xl/sharedStrings.xml": strings},
                    content_types=lambda x: x.replace(b"</Types>", ct),
                    rels=lambda x: x.replace(b"</Relationships>", rel))


def many_sheets(folder: Path, full: bool = False) -> Path:
    """5,000 one-person sheets in one workbook (each a copy of the plan's sheet)."""
    count = 5000 if full else 600
    with zipfile.ZipFile(BASE) as source:
        sheet_xml = source.read(SHEET)
    names = [f"xl/worksheets/p{i}.xml" for i in range(count)]
    sheets = b"".join(b'<sheet name="P%d" sheetId="%d" r:id="rIdP%d" />' % (i, i + 10, i) for i in range(count))
    rels = b"".join(b'<Relationship Id="rIdP%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/worksheet" Target="worksheets/p%d.xml"/>' % (i, i) for i in range(count))
    types = b"".join(b'<Override PartName="/%s" ContentType="application/vnd.openxmlformats-officedocument.'
                     b'spreadsheetml.worksheet+xml"/>' % n.encode() for n in names)
    return _rewrite(folder / "five thousand sheets.xlsx",
                    extra={n: (lambda: [sheet_xml]) for n in names},
                    workbook=lambda x: x.replace(b"</sheets>", sheets + b"</sheets>"),
                    rels=lambda x: x.replace(b"</Relationships>", rels + b"</Relationships>"),
                    content_types=lambda x: x.replace(b"</Types>", types + b"</Types>"))


def big_file(folder: Path, full: bool = False) -> Path:
    """A 60 MB workbook: the plan with a 60 MB picture that does not compress."""
    size = 60 * MB

    def picture():
        for _ in range(size // MB):
            yield os.urandom(MB)
    return _rewrite(folder / "sixty megabytes.xlsx", extra={"xl/media/image1.png": picture})


def not_a_zip(folder: Path, full: bool = False) -> Path:
    target = folder / "not a zip.xlsx"
    target.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    return target


def control_characters(folder: Path, full: bool = False) -> Path:
    """The plan with its person's name stored the legal OOXML way with control characters in it."""
    return _rewrite(folder / "control characters.xlsx",
                    sheet=lambda xml: [xml.replace(b"Amara Okafor", b"Amara_x0001_ Oka_x001F_for_xD800_")])


def long_text(folder: Path, full: bool = False) -> Path:
    """A session detail longer than the 32,767 characters an Excel cell holds."""
    return _rewrite(folder / "long text.xlsx", sheet=lambda xml: [xml.replace(
        b"Amara Okafor", b"Amara Okafor " + b"a" * 40_000, 1)])


CASES: dict[str, Callable[..., Path]] = {
    "cell at XFD1048576": cell_far_out,
    "cell at XFD10000": lambda folder, full=False: cell_far_out(folder, full, "XFD10000"),
    "dimension A1:XFD1048576": dimension_absurd,
    "empty rows bomb": empty_rows_bomb,
    "whitespace bomb": whitespace_bomb,
    "shared strings bomb": shared_strings_bomb,
    "many sheets": many_sheets,
    "60 MB workbook": big_file,
    "not a zip": not_a_zip,
    "control characters": control_characters,
    "text over 32,767 characters": long_text,
}


def build(case: str, folder: Path, full: bool = False) -> Path:
    """Three good plans and the case's bad file in ``folder``; returns the bad file."""
    copy_good(folder)
    return CASES[case](folder, full)


if __name__ == "__main__":
    out, full = Path(sys.argv[1]), "--full" in sys.argv
    for number, case in enumerate(CASES):
        print(case, build(case, out / f"{number:02d}", full))
