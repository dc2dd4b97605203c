"""Annotated copies keep the trust's workbook exactly as it was: every part jobplan has no reason to change
is copied byte for byte, the parts it changes only gain, and the original sheets print the same."""
from __future__ import annotations

import subprocess
import warnings
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

from calculator import calculate_folder
from calculator.ooxml.xml import MAIN
from calculator.ooxml.zipcopy import open_archive, read_entries

from .data.build_fidelity_corpus import FINDING_CELL, build
from .libreoffice import LibreOffice

AS_OF = date(2026, 11, 1)
# the parts an annotated copy may change: the rest are the trust's, byte for byte
MAY_CHANGE = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
              "xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels"}
NOTE_PARTS = ("xl/comments", "xl/drawings/vmlDrawing")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fidelity")
    made = build(folder / "plans")
    result = calculate_folder(folder / "plans", out=folder / "out", as_of=AS_OF, jobs=1)
    copies = {name: folder / "out" / "annotated" / path.name for name, path in made.items()}
    return made, copies, result


def load(path: Path):
    """openpyxl's reading, which warns of the extensions it cannot model (the copy keeps them all)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl.load_workbook(path, keep_vba=path.suffix == ".xlsm")


def raw_parts(path: Path) -> dict[str, bytes]:
    """Each entry's stored bytes: local header, compressed data and descriptor, as in the file."""
    with open(path, "rb") as handle:
        entries = read_entries(handle, open_archive(handle))
        parts = {}
        for name, entry in entries.items():
            handle.seek(entry.start)
            parts[name] = handle.read(entry.length)
    return parts


def test_every_part_jobplan_does_not_change_is_copied_byte_for_byte(corpus):
    made, copies, _ = corpus
    for name, original in made.items():
        before, after = raw_parts(original), raw_parts(copies[name])
        kept = {part for part in before if part not in MAY_CHANGE and not part.startswith(NOTE_PARTS)}
        assert kept, name
        for part in kept:
            assert after.get(part) == before[part], (name, part)


@pytest.mark.parametrize("feature, parts", [
    ("logo", ["xl/media/image1.png", "xl/drawings/drawing1.xml", "xl/drawings/_rels/drawing1.xml.rels"]),
    ("text box", ["xl/drawings/drawing1.xml"]),
    ("chart", ["xl/charts/chart1.xml", "xl/drawings/drawing1.xml"]),
    ("header logo", ["xl/media/image1.png", "xl/drawings/vmlDrawing1.vml"]),
    ("in-cell checkbox", ["xl/featurePropertyBag/featurePropertyBag.xml"]),
    ("macros", ["xl/vbaProject.bin"]),
    ("list from another sheet", ["xl/worksheets/sheet2.xml"]),
    ("rich text", ["xl/sharedStrings.xml"]),
    # the sheet already had its drawing (the checkbox's): it gains nothing, the note goes into the drawing
    ("form checkbox", ["xl/ctrlProps/ctrlProp1.xml", "xl/worksheets/sheet1.xml"]),
])
def test_what_trust_templates_carry_is_kept_exactly(corpus, feature, parts):
    made, copies, _ = corpus
    before, after = raw_parts(made[feature]), raw_parts(copies[feature])
    for part in parts:
        assert part in before, (feature, part)
        assert after[part] == before[part], (feature, part)


def _elements(root):
    """Every element in document order, as (tag, attributes but counts, text)."""
    return [(e.tag, tuple(sorted((k, v) for k, v in e.attrib.items() if k != "count")), (e.text or "").strip())
            for e in root.iter() if isinstance(e.tag, str)]


def _is_subsequence(small, large) -> bool:
    remaining = iter(large)
    return all(any(item == other for other in remaining) for item in small)


def test_the_parts_jobplan_changes_only_gain(corpus):
    made, copies, _ = corpus
    for name, original in made.items():
        with zipfile.ZipFile(original) as before, zipfile.ZipFile(copies[name]) as after:
            for part in before.namelist():
                if part.endswith((".xml", ".rels", ".vml")) and before.read(part) != after.read(part):
                    old, new = etree.fromstring(before.read(part)), etree.fromstring(after.read(part))
                    assert _is_subsequence(_elements(old), _elements(new)), (name, part)


def test_a_noted_sheet_gains_one_element_and_nothing_else(corpus):
    made, copies, _ = corpus
    with zipfile.ZipFile(made["data bar"]) as before, zipfile.ZipFile(copies["data bar"]) as after:
        old = etree.fromstring(before.read("xl/worksheets/sheet1.xml"))
        new = etree.fromstring(after.read("xl/worksheets/sheet1.xml"))
    added = [e for e in new if etree.QName(e).localname == "legacyDrawing"]
    assert len(added) == 1 and len(new) == len(old) + 1
    # in schema order: after pageMargins, before the extLst holding the x14 data bar
    names = [etree.QName(e).localname for e in new]
    assert names.index("legacyDrawing") == names.index("extLst") - 1
    new.remove(added[0])
    assert etree.tostring(new, method="c14n") == etree.tostring(old, method="c14n")


def test_every_copy_opens_in_openpyxl_and_calamine_with_the_plan_and_the_jobplan_sheet(corpus):
    made, copies, _ = corpus
    for name, copy in copies.items():
        book = load(copy)
        assert book.sheetnames[-1] == "jobplan", name
        assert book["Job plan"]["B1"].value == "Mo Fidelity"
        values = CalamineWorkbook.from_path(str(copy)).get_sheet_by_name("jobplan").to_python()
        rows = {row[0]: row[2] for row in values if row and row[0]}
        # Monday AM clinical 3.75 h + Monday PM integrated split 50/50: DCC 5.625, SPA 1.875 (cached values)
        assert rows["DCC"] == pytest.approx(5.625) and rows["SPA"] == pytest.approx(1.875), name
        assert rows["Job plan hours"] == pytest.approx(7.5)


def test_the_trust_note_stays_first_and_keeps_its_author_and_the_finding_follows(corpus):
    _, copies, _ = corpus
    for name in ("note on the finding cell", "everything", "prefixed"):
        comment = load(copies[name])["Job plan"][FINDING_CELL].comment
        assert comment.author == "Service Lead", name
        assert comment.text.startswith("Trust note: agree the split with your manager\n\njobplan warning\n"), name
        assert "integrated but does not say how much is clinical" in comment.text


def test_a_form_control_and_a_note_share_the_drawing_with_unique_shape_ids(corpus):
    _, copies, _ = corpus
    with zipfile.ZipFile(copies["everything"]) as package:
        vml = etree.fromstring(package.read("xl/drawings/vmlDrawing1.vml"))
    shapes = [s for s in vml.iter("{urn:schemas-microsoft-com:vml}shape")]
    kinds = [s.find("{urn:schemas-microsoft-com:office:excel}ClientData").get("ObjectType") for s in shapes]
    assert kinds.count("Button") == 1 and kinds.count("Note") >= 2  # the trust's note and jobplan's
    ids = [s.get("id") for s in shapes]
    assert len(set(ids)) == len(ids)


def test_a_form_checkbox_keeps_its_shape_control_and_properties_and_the_note_joins_its_drawing(corpus):
    made, copies, _ = corpus
    with zipfile.ZipFile(made["form checkbox"]) as before, zipfile.ZipFile(copies["form checkbox"]) as after:
        old = etree.fromstring(before.read("xl/drawings/vmlDrawing1.vml"))
        new = etree.fromstring(after.read("xl/drawings/vmlDrawing1.vml"))
        rels = etree.fromstring(after.read("xl/worksheets/_rels/sheet1.xml.rels"))
    shapes = list(new.iter("{urn:schemas-microsoft-com:vml}shape"))
    assert etree.tostring(shapes[0]) == etree.tostring(next(old.iter("{urn:schemas-microsoft-com:vml}shape")))
    # the checkbox, then jobplan's notes (D6's integrated session, B1's name found in other plans too)
    assert [s.get("id") for s in shapes] == ["_x0000_s1025", "_x0000_s1026", "_x0000_s1027"]
    assert [s.find("{urn:schemas-microsoft-com:office:excel}ClientData").get("ObjectType") for s in shapes] == [
        "Checkbox", "Note", "Note"]
    ids = [r.get("Id") for r in rels]
    assert ids[:2] == ["rId8", "rId9"] and len(set(ids)) == 3  # the notes part's relationship, under a new id


def test_a_list_kept_in_the_sheets_extension_stays_there_after_the_notes_drawing(corpus):
    made, copies, _ = corpus
    with zipfile.ZipFile(copies["list in extLst"]) as package:
        sheet = etree.fromstring(package.read("xl/worksheets/sheet1.xml"))
    names = [etree.QName(e).localname for e in sheet]
    assert names[-2:] == ["legacyDrawing", "extLst"]
    formula = sheet.find(".//{http://schemas.microsoft.com/office/excel/2006/main}f")
    assert formula.text == "Lists!$A$1:$A$3"


def test_workbook_protection_is_kept_and_the_jobplan_sheet_added_last(corpus):
    _, copies, _ = corpus
    with zipfile.ZipFile(copies["locked structure"]) as package:
        book = etree.fromstring(package.read("xl/workbook.xml"))
    assert book.find(f"{{{MAIN}}}workbookProtection").get("lockStructure") == "1"
    assert [s.get("name") for s in book.find(f"{{{MAIN}}}sheets")] == ["Job plan", "Hidden workings", "jobplan"]
    assert book.find(f"{{{MAIN}}}sheets")[1].get("state") == "hidden"


def test_a_cell_with_a_threaded_comment_gets_no_note_and_the_manager_is_told(corpus):
    made, copies, result = corpus
    before = load(made["threaded"])["Job plan"][FINDING_CELL].comment.text
    after = load(copies["threaded"])["Job plan"][FINDING_CELL].comment.text
    assert after == before
    [told] = [f for f in result.findings if f.file == "threaded.xlsx" and "threaded comment" in f.message]
    assert told.severity == "info" and "Cell D6 of sheet 'Job plan' holds a threaded comment" in told.message


def test_a_prefixed_workbook_keeps_its_prefix(corpus):
    _, copies, _ = corpus
    with zipfile.ZipFile(copies["prefixed"]) as package:
        workbook = package.read("xl/workbook.xml")
    assert b"<x:sheet " in workbook and b'name="jobplan"' in workbook


def _pages(office: LibreOffice, path: Path, out: Path) -> list[bytes]:
    """Each printed page of the workbook, rendered by LibreOffice then pdftoppm, as image bytes."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([office.binary, f"-env:UserInstallation={office.profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), str(path)], check=True, capture_output=True,
                   timeout=300)
    pdf = out / f"{path.stem}.pdf"
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(out / "page")], check=True, timeout=300)
    return [page.read_bytes() for page in sorted(out.glob("page*.pgm"))]


@pytest.mark.parametrize("feature", ["everything", "in-cell checkbox", "macros", "header logo", "threaded",
                                     "form checkbox", "list in extLst"])
def test_libreoffice_prints_the_original_sheets_unchanged(corpus, tmp_path, feature):
    import shutil

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    made, copies, _ = corpus
    office = LibreOffice(tmp_path)
    before = _pages(office, made[feature], tmp_path / "before")
    after = _pages(office, copies[feature], tmp_path / "after")
    assert before and len(after) > len(before)  # the jobplan sheet prints last
    assert after[: len(before)] == before


def test_a_part_that_does_not_parse_costs_the_notes_or_the_formatting_never_the_copy(tmp_path):
    """A broken drawing of notes: the copy is exact but for notes on that sheet (listed on the jobplan sheet);
    broken content types: the copy holds the values only. Each is an info finding, and every copy opens."""
    from .data.build_fidelity_corpus import _rewrite

    made = build(tmp_path / "made")
    folder = tmp_path / "plans"
    folder.mkdir()
    _rewrite(made["note on the finding cell"], folder / "broken drawing.xlsx",
             lambda name, data: data[:-40] if name.endswith(".vml") else data)
    _rewrite(made["logo"], folder / "broken types.xlsx",
             lambda name, data: data.replace(b"<Types", b"<Types <") if name == "[Content_Types].xml" else data)
    result = calculate_folder(folder, out=tmp_path / "out", as_of=AS_OF, jobs=1)
    told = {f.file: f.message for f in result.findings if f.severity == "info" and "copy" in f.message}
    assert told["broken drawing.xlsx"].startswith("No notes were added to sheet 'Job plan' (the part "
                                                  "xl/drawings/vmlDrawing1.vml is not well-formed XML")
    assert told["broken types.xlsx"].startswith("The annotated copy holds this workbook's values only")
    for name in ("broken drawing.xlsx", "broken types.xlsx"):
        book = load(tmp_path / "out" / "annotated" / name)
        assert book.sheetnames[-1] == "jobplan" and book["Job plan"]["B1"].value == "Mo Fidelity"
    with zipfile.ZipFile(tmp_path / "out" / "annotated" / "broken types.xlsx") as package:
        assert not any(name.startswith("xl/media/") for name in package.namelist())  # values only


def _audit(folder: Path) -> dict[str, list[str]]:
    """openxml-audit's errors (an OOXML schema and Excel app-compatibility validator) for each workbook."""
    import json
    import sys

    found = subprocess.run([sys.executable, "-m", "openxml_audit", "-r", "-o", "json", "-m", "0", str(folder)],
                           capture_output=True, text=True, timeout=600)
    return {Path(report["file"]).name: sorted(e["description"] for e in report["errors"])
            for report in json.loads(found.stdout)}


def test_the_copies_validate_as_their_originals_do(corpus):
    """What jobplan adds or changes gives no schema error of its own (the fake macro project in macros.xlsm is
    the one error, in the original too)."""
    pytest.importorskip("openxml_audit")
    made, copies, _ = corpus
    before = _audit(next(iter(made.values())).parent)
    after = _audit(next(iter(copies.values())).parent)
    assert after.keys() == {path.name for path in copies.values()}
    for name, errors in after.items():
        assert errors == before[name], name
    assert sum(map(len, after.values())) == 1
