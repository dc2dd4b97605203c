"""Notes (Excel's legacy comments) added to a worksheet: its comments part and VML drawing are made,
or merged into when the sheet has them already (the trust's own notes, form controls' shapes)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from . import xml
from .errors import PackageError
from .package import Package
from .text import xml_text
from .worksheet import add_legacy_drawing

COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
VML_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
THREADED_TYPE = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CONTENT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
LAST_COLUMN, LAST_ROW = 16383, 1048575  # from 0
SHAPES_PER_BLOCK = 1024  # VML shape ids come in blocks of 1024, one block per o:idmap number
NOTE_SHAPE_TYPE = "_x0000_t202"
_SHAPE_NUMBER = re.compile(r"_x0000_s(\d+)$")
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
NEW_VML = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
    '<o:idmap v:ext="edit" data="{block}"/></o:shapelayout></xml>'
)
NOTE_SHAPE_TYPE_XML = (
    f'<v:shapetype xmlns:v="{xml.VML}" xmlns:o="{xml.OFFICE}" id="{NOTE_SHAPE_TYPE}" coordsize="21600,21600" '
    'o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


@dataclass(frozen=True)
class Note:
    """A note jobplan adds: its heading (bold) and text."""

    heading: str
    text: str
    lines: int  # about how many lines it takes, to size the box


def cell_position(ref: str) -> tuple[int, int] | None:
    """(row, column), both from 0, of an A1 reference; None when it is not one cell."""
    match = _CELL.match(ref.upper())
    if not match:
        return None
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    row = int(match.group(2))
    if row < 1 or row > 1048576 or column > 16384:
        return None
    return row - 1, column - 1


def _reference(row: int, column: int) -> str:
    letters, column = "", column + 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row + 1}"


def merged_ranges(worksheet: etree._Element) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range, from 0."""
    found = []
    holder = worksheet.find(xml.tag(etree.QName(worksheet).namespace, "mergeCells"))
    for merge in holder if holder is not None else ():
        first, _, last = merge.get("ref", "").partition(":")
        start, end = cell_position(first), cell_position(last or first)
        if start and end:
            found.append((*start, *end))
    return found


def anchor_cell(ref: str, merges: list[tuple[int, int, int, int]]) -> str | None:
    """The cell a note on ``ref`` hangs on: a merged range's top-left cell holds it."""
    position = cell_position(ref)
    if position is None:
        return None
    row, column = position
    for top, left, bottom, right in merges:
        if top <= row <= bottom and left <= column <= right:
            return _reference(top, left)
    return _reference(row, column)


def threaded_cells(package: Package, sheet_part: str) -> set[str]:
    """Cells holding a threaded comment (Excel 365), where a note of ours would clash with it."""
    cells = set()
    for _, part in package.related(sheet_part, THREADED_TYPE):
        if package.has(part):
            for element in package.peek(part).iter():
                if isinstance(element.tag, str) and element.get("ref"):
                    cells.add(element.get("ref").upper())
    return cells


def _idmap_numbers(drawing: etree._Element) -> list[int]:
    """The shape-id blocks a VML drawing claims: its o:idmap's data ("1" or "1,2")."""
    return [int(n) for idmap in drawing.iter(xml.tag(xml.OFFICE, "idmap"))
            for n in idmap.get("data", "").replace(" ", "").split(",") if n.isdecimal()]


def _idmap_blocks(package: Package) -> set[int]:
    """The o:idmap numbers every VML part of the package uses."""
    blocks = set()
    for name in package.names():
        if name.lower().endswith(".vml"):
            try:
                root = package.peek(name)
            except PackageError:
                continue
            blocks.update(_idmap_numbers(root))
    return blocks


def _text_runs(note: Note, separated: bool) -> list[etree._Element]:
    """The rich-text runs of a note: a bold heading, then its text, in Excel's 9-point Tahoma."""
    runs = []
    for text, bold in ((("\n\n" if separated else "") + note.heading, True), ("\n" + note.text, False)):
        run = etree.Element(xml.tag(xml.MAIN, "r"))
        properties = etree.SubElement(run, xml.tag(xml.MAIN, "rPr"))
        if bold:
            etree.SubElement(properties, xml.tag(xml.MAIN, "b"))
        etree.SubElement(properties, xml.tag(xml.MAIN, "sz"), val="9")
        etree.SubElement(properties, xml.tag(xml.MAIN, "rFont"), val="Tahoma")
        t = etree.SubElement(run, xml.tag(xml.MAIN, "t"))
        t.text = xml_text(text)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        runs.append(run)
    return runs


def _note_shape(shape_id: str, row: int, column: int, lines: int) -> etree._Element:
    """A hidden note box beside its cell, about three columns wide and tall enough for its text."""
    v, o, x = xml.VML, xml.OFFICE, xml.EXCEL
    height_rows = max(4, min(lines + 1, 40))
    shape = etree.Element(xml.tag(v, "shape"), nsmap={"v": v, "o": o, "x": x})
    shape.set("id", shape_id)
    shape.set("type", f"#{NOTE_SHAPE_TYPE}")
    shape.set("style", f"position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:240pt;"
                       f"height:{height_rows * 15}pt;z-index:1;visibility:hidden")
    shape.set("fillcolor", "#ffffe1")
    shape.set(xml.tag(o, "insetmode"), "auto")
    etree.SubElement(shape, xml.tag(v, "fill"), color2="#ffffe1")
    etree.SubElement(shape, xml.tag(v, "shadow"), on="t", color="black", obscured="t")
    etree.SubElement(shape, xml.tag(v, "path"), {xml.tag(o, "connecttype"): "none"})
    box = etree.SubElement(shape, xml.tag(v, "textbox"), style="mso-direction-alt:auto")
    etree.SubElement(box, "div", style="text-align:left").text = ""  # <div></div>, as Excel writes it
    data = etree.SubElement(shape, xml.tag(x, "ClientData"), ObjectType="Note")
    etree.SubElement(data, xml.tag(x, "MoveWithCells"))
    etree.SubElement(data, xml.tag(x, "SizeWithCells"))
    # beside the cell, or to its left and above near the sheet's last column and row, as Excel places it
    left = column + 1 if column + 5 <= LAST_COLUMN else column - 5
    top = max(row - 1, 0) if row + height_rows <= LAST_ROW else row - height_rows
    anchor = f"{left}, 15, {top}, 10, {left + 4}, 15, {top + height_rows}, 4"
    etree.SubElement(data, xml.tag(x, "Anchor")).text = anchor
    etree.SubElement(data, xml.tag(x, "AutoFill")).text = "False"
    etree.SubElement(data, xml.tag(x, "Row")).text = str(row)
    etree.SubElement(data, xml.tag(x, "Column")).text = str(column)
    return shape


class _Drawing:
    """The sheet's VML drawing, made or opened, handing out shape ids unused in it."""

    def __init__(self, package: Package, sheet_part: str, worksheet: etree._Element):
        self.package = package
        existing = None
        legacy = worksheet.find(xml.tag(etree.QName(worksheet).namespace, "legacyDrawing"))
        if legacy is not None:
            rel_id = legacy.get(xml.tag(xml.REL, "id"))
            existing = next((part for rid, part in package.related(sheet_part, VML_TYPE) if rid == rel_id), None)
            if existing is None or not package.has(existing):
                raise PackageError("the sheet's drawing of notes and controls is missing")
        if existing is not None:
            self.part = existing
            self.root = package.tree(existing)
            blocks = _idmap_numbers(self.root)
            self.block = blocks[0] if blocks else max(_idmap_blocks(package), default=0) + 1
            self.blocks = set(blocks)  # the id blocks this drawing claims, kept as _claim adds to them
            if not blocks:  # a drawing that claims no block: it claims ours now
                self._claim(self.block)
        else:
            self.block = max(_idmap_blocks(package), default=0) + 1
            self.part = package.free_name("xl/drawings/vmlDrawing{}.vml")
            self.root = xml.parse(NEW_VML.format(block=self.block).encode(), self.part)
            self.blocks = {self.block}
            package.put(self.part, self.root)
            package.declare_extension("vml", VML_CONTENT)
            add_legacy_drawing(package.tree(sheet_part), package.relate(sheet_part, VML_TYPE, self.part))
        used = [int(m.group(1)) for element in self.root.iter() if isinstance(element.tag, str)
                for value in (element.get("id", ""), element.get(xml.tag(xml.OFFICE, "spid"), ""))
                if (m := _SHAPE_NUMBER.search(value))]
        self.next_number = max([self.block * SHAPES_PER_BLOCK, *used]) + 1
        if not any(element.get("id") == NOTE_SHAPE_TYPE for element in self.root.iter(xml.tag(xml.VML, "shapetype"))):
            self.root.append(xml.parse(NOTE_SHAPE_TYPE_XML.encode(), self.part))

    def _claim(self, block: int) -> None:
        """Add an id block to the drawing's o:idmap (made if it has none)."""
        idmap = next(self.root.iter(xml.tag(xml.OFFICE, "idmap")), None)
        if idmap is None:
            layout = etree.Element(xml.tag(xml.OFFICE, "shapelayout"), {xml.tag(xml.VML, "ext"): "edit"})
            idmap = etree.SubElement(layout, xml.tag(xml.OFFICE, "idmap"), {xml.tag(xml.VML, "ext"): "edit"})
            self.root.insert(0, layout)
        data = [n for n in idmap.get("data", "").replace(" ", "").split(",") if n]
        idmap.set("data", ",".join([*data, str(block)]))
        self.blocks.add(block)

    def add_note(self, row: int, column: int, lines: int) -> None:
        if self.next_number // SHAPES_PER_BLOCK not in self.blocks:  # this block is full: take the next free one
            block = max(_idmap_blocks(self.package) | self.blocks) + 1
            self._claim(block)
            self.next_number = block * SHAPES_PER_BLOCK + 1
        shape_id = f"_x0000_s{self.next_number}"
        self.next_number += 1
        self.root.append(_note_shape(shape_id, row, column, lines))


def _comments(package: Package, sheet_part: str) -> etree._Element:
    found = package.related(sheet_part, COMMENTS_TYPE)
    if found:
        if not package.has(found[0][1]):
            raise PackageError("the sheet's notes part is missing")
        return package.tree(found[0][1])
    part = package.free_name("xl/comments{}.xml")
    root = etree.Element(xml.tag(xml.MAIN, "comments"), nsmap={None: xml.MAIN})
    etree.SubElement(root, xml.tag(xml.MAIN, "authors"))
    etree.SubElement(root, xml.tag(xml.MAIN, "commentList"))
    package.put(part, root)
    package.declare(part, COMMENTS_CONTENT)
    package.relate(sheet_part, COMMENTS_TYPE, part)
    return root


def add_notes(package: Package, sheet_part: str, notes: dict[str, list[Note]], author: str) -> list[str]:
    """Hang each cell's notes on it (added after a note already there, whose author stays); the cells left
    without because they hold a threaded comment, where a note would clash with it."""
    worksheet = package.peek(sheet_part)
    merges = merged_ranges(worksheet)
    threaded = threaded_cells(package, sheet_part)
    placed: dict[str, list[Note]] = {}
    skipped = []
    for ref, cell_notes in notes.items():
        anchor = anchor_cell(ref, merges)
        if anchor is None:  # not one cell ("row 5", a range): the finding is on the jobplan sheet
            continue
        if anchor in threaded:
            skipped.append(ref)
        else:
            placed.setdefault(anchor, []).extend(cell_notes)
    if not placed:
        return skipped
    comments = _comments(package, sheet_part)
    main = etree.QName(comments).namespace
    authors = comments.find(xml.tag(main, "authors"))
    comment_list = comments.find(xml.tag(main, "commentList"))
    if authors is None or comment_list is None:
        raise PackageError("the sheet's notes part has no authors or list")
    names = [a.text or "" for a in authors]
    if author not in names:
        etree.SubElement(authors, xml.tag(main, "author")).text = author
        names.append(author)
    existing = {c.get("ref", "").upper(): c for c in comment_list.findall(xml.tag(main, "comment"))}
    drawing = None
    for anchor, cell_notes in sorted(placed.items(), key=lambda item: cell_position(item[0])):
        comment = existing.get(anchor)
        if comment is None:
            comment = etree.SubElement(comment_list, xml.tag(main, "comment"), ref=anchor,
                                       authorId=str(names.index(author)))
            text = etree.SubElement(comment, xml.tag(main, "text"))
            separated = False
            if drawing is None:
                drawing = _Drawing(package, sheet_part, worksheet)
            row, column = cell_position(anchor)
            drawing.add_note(row, column, sum(n.lines for n in cell_notes) + 2 * len(cell_notes))
        else:
            text = comment.find(xml.tag(main, "text"))
            if text is None:
                text = etree.SubElement(comment, xml.tag(main, "text"))
            _as_runs(text)
            separated = True
        for note in cell_notes:
            for run in _text_runs(note, separated):
                _before_phonetics(text, run)
            separated = True
    return skipped


def _as_runs(text: etree._Element) -> None:
    """A note stored as plain text (<t> alone) made one run, so runs can follow it as Excel writes them."""
    plain = text.find(xml.tag(xml.MAIN, "t"))
    if plain is not None:
        run = etree.Element(xml.tag(xml.MAIN, "r"))
        plain.addprevious(run)
        run.append(plain)


def _before_phonetics(text: etree._Element, run: etree._Element) -> None:
    """Runs go before any phonetic elements (CT_Rst: t?, r*, rPh*, phoneticPr?)."""
    xml.insert_in_order(text, run, ("rPh", "phoneticPr"))
