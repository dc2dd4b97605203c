"""Text as SpreadsheetML stores it (ST_Xstring): what XML 1.0 cannot hold is left out (text.xml_safe), a
literal '_xHHHH_' is escaped so Excel does not read it as a character code, and a carriage return is kept
as Excel keeps it (an XML parser would read it as a line feed)."""
from __future__ import annotations

import re

from ..text.xml_safe import xml_safe

_LOOKS_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")


def xml_text(text: str) -> str:
    """``text`` as it can be written into a part and read back by Excel as the same characters."""
    text = xml_safe(text)
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)
    return text.replace("\r", "_x000D_") if "\r" in text else text
