"""Patient numbers people type beside a session: "12", "4-6 new, 8-10 return and 2-4 telephone", "n/a".

BNSSG Appendix 1 asks for the "Estimated no. of patients reviewed (if appropriate)" in each session, and
its guidance gives the example "4-6 new patients face-to-face, 8-10 return patients and 2-4 telephone
contacts". The CNS guide's outpatient text says "typically covering [insert number] appointment slots
per week". A range counts as its middle; several figures in one cell are added.
"""
from __future__ import annotations

import math
import re

_NUMBER = r"(\d+(?:\.\d+)?)"
_FIGURE = re.compile(rf"{_NUMBER}(?:\s*(?:-|–|—|to)\s*{_NUMBER})?", re.IGNORECASE)
_SLOTS = re.compile(rf"{_NUMBER}(?:\s*(?:-|–|—|to)\s*{_NUMBER})?\s+(?:appointment\s+|clinic\s+)?slots",
                    re.IGNORECASE)
_LONGEST = 200


def _middle(low: str, high: str | None) -> float:
    return (float(low) + float(high)) / 2 if high else float(low)


def parse_patients(value) -> float | None:
    """Patients in one session: each figure or range (its middle) added; None when no figure is given."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) and value >= 0 else None
    text = str(value)[:_LONGEST]
    figures = [_middle(m.group(1), m.group(2)) for m in _FIGURE.finditer(text)]
    return sum(figures) if figures else None


def appointment_slots(text: str) -> float | None:
    """Appointment slots a week named in a CNS activity's description ("covering 12 appointment slots per
    week"); None where the guide's "[insert number]" is left as it is."""
    found = [_middle(m.group(1), m.group(2)) for m in _SLOTS.finditer(text or "")]
    return sum(found) if found else None
