"""The names ``jobplan template`` accepts, without importing the template writers (xlsxwriter).

Kept equal to ``sorted(calculator.writers.templates.TEMPLATES)`` by tests/test_templates.py.
"""
from __future__ import annotations

TEMPLATE_KINDS: tuple[str, ...] = ("bnssg-appendix1", "cns-option1", "cns-option2")
