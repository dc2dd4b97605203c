"""Text as SpreadsheetML stores it (ST_Xstring): what XML 1.0 cannot hold is left out, and a literal
'_xHHHH_' is escaped so Excel does not read it as a character code."""
from __future__ import annotations

import re

# XML 1.0 allows tab, newline, carriage return and everything from space up, less surrogates and U+FFFE/F
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LOOKS_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")


def xml_text(text: str) -> str:
    """``text`` as it can be written into a part and read back by Excel as the same characters."""
    if not text.isprintable():  # most text is: only then look for what XML cannot hold
        text = _NOT_IN_XML.sub("", text)
    return _LOOKS_ESCAPED.sub(r"_x005F_\1", text) if "_x" in text else text


def has_unwritable(text: str) -> bool:
    """Whether writing ``text`` must leave characters out."""
    return _NOT_IN_XML.search(text) is not None
