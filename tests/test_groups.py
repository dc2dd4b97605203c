"""Professional groups are named as the NHS names them, from calculator/data/professional_groups.toml."""
import tomllib
from importlib import resources

import pytest

from calculator.readers.groups import professional_group

from .common import only_plan
from .test_bnssg_reader import seed_like_workbook


@pytest.mark.parametrize("typed, group", [
    ("Physio", "Physiotherapy"), ("PT", "Physiotherapy"), ("Physiotherapist", "Physiotherapy"),
    ("FCP physiotherapist", "Physiotherapy"), ("MSK Physiotherapy", "Physiotherapy"),
    ("OT", "Occupational therapy"), ("Occupational Therapist", "Occupational therapy"),
    ("SLT", "Speech and language therapy"), ("Speech & Language Therapist", "Speech and language therapy"),
    ("Dietician", "Dietetics"), ("Chiropodist/Podiatrist", "Podiatry"), ("Diagnostic radiographer", "Radiography"),
    ("Orthotist", "Prosthetics and orthotics"), ("ODP", "Operating department practice"),
    ("Clinical Nurse Specialist", "Nursing"), ("CNS", "Nursing"), ("Registered Midwife", "Midwifery"),
    ("Clinical pharmacist", "Pharmacy"), ("Clinical psychologist", "Psychology"),
    ("Biomedical scientist", "Healthcare science"), ("Paramedic", "Paramedic"),
])
def test_what_people_type_is_one_group(typed, group):
    assert professional_group(typed) == group


@pytest.mark.parametrize("typed", ["Porter", "Part time", "Optometrist", "Admin"])
def test_a_group_the_table_does_not_know_is_none(typed):
    assert professional_group(typed) is None


def test_the_fourteen_allied_health_professions_are_in_the_table():
    data = tomllib.loads((resources.files("calculator") / "data" / "professional_groups.toml")
                         .read_text(encoding="utf-8"))
    ahps = [g["name"] for g in data["group"] if g["staff_group"] == "Allied health professionals"]
    assert len(ahps) == 14


def test_an_unknown_group_is_kept_as_typed_and_noted_once(tmp_path):
    plan = only_plan(seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X"), ("Profession:", "Optometrist"),
                                                                     ("Contracted hours per week:", 3.75)],
                                        sessions={1: (None, "Clinic", "Clinical", "Eye clinic")}))
    assert plan.professional_group == "Optometrist"
    notes = [f for f in plan.findings if "Professional group" in f.message]
    assert [(f.severity, f.cell) for f in notes] == [("info", "B4")]


def test_a_known_group_is_stored_by_its_nhs_name(tmp_path):
    plan = only_plan(seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X"), ("Profession:", "physio"),
                                                                     ("Contracted hours per week:", 3.75)],
                                        sessions={1: (None, "Clinic", "Clinical", "MSK")}))
    assert plan.professional_group == "Physiotherapy"
    assert not [f for f in plan.findings if "Professional group" in f.message]
