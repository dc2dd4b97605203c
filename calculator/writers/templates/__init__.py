"""Blank job plan templates, written with xlsxwriter.

Each template is a function ``write_<kind>(path)`` registered in :data:`TEMPLATES` under the
name ``jobplan template`` accepts (the same names as
:data:`calculator.writers.template_kinds.TEMPLATE_KINDS`, which the command line reads without
importing xlsxwriter). The layout of each template is kept as data in its module; the writer
functions only place that data on the sheet. ``_common`` holds what they share: formats,
protection, row-height estimates, the header block, the sign-off table and print set-up.

- ``bnssg-appendix1`` (:mod:`.bnssg`): Appendix 1 of the BNSSG practitioner job planning
  guidance, a timetable of ten typed sessions plus additional activities.
- ``cns-option1`` (:mod:`.cns_option1`): the Wessex Cancer CNS guide's Option 1 (Figure 1),
  the job plan summarised into a typical week.
- ``cns-option2`` (:mod:`.cns_option2`): the Wessex Cancer CNS guide's Option 2 (Figure 2),
  the proposed number of sessions a week per activity.

Every file is reproducible: fixed document properties and creation date, so regenerating it
gives the same content.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .bnssg import write_bnssg_appendix1
from .cns_option1 import write_cns_option1
from .cns_option2 import write_cns_option2

#: Template kinds by the name ``jobplan template`` takes.
TEMPLATES: dict[str, Callable[[Path], None]] = {
    "bnssg-appendix1": write_bnssg_appendix1,
    "cns-option1": write_cns_option1,
    "cns-option2": write_cns_option2,
}

__all__ = ["TEMPLATES", "write_bnssg_appendix1", "write_cns_option1", "write_cns_option2"]
