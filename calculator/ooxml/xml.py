"""Parsing and writing package parts: namespace-aware, never resolving entities or fetching anything."""
from __future__ import annotations

from lxml import etree

from .errors import PackageError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
MARKUP_COMPATIBILITY = "http://schemas.openxmlformats.org/markup-compatibility/2006"
VML = "urn:schemas-microsoft-com:vml"
OFFICE = "urn:schemas-microsoft-com:office:office"
EXCEL = "urn:schemas-microsoft-com:office:excel"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
                          remove_blank_text=False)


def parse(data: bytes, part: str) -> etree._Element:
    """The part's root element; a part that is not well-formed XML is a PackageError naming it."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise PackageError(f"the part {part} is not well-formed XML ({exc})") from None
    if root is None:
        raise PackageError(f"the part {part} is empty")
    return root


DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def serialise(root: etree._Element, declared: bool = True) -> bytes:
    """The part as Excel writes parts: UTF-8, declared standalone (VML drawings are not declared)."""
    body = etree.tostring(root, encoding="UTF-8")
    return DECLARATION + body if declared else body


def tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def child(parent: etree._Element, namespace: str, name: str) -> etree._Element | None:
    return parent.find(tag(namespace, name))


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def insert_in_order(parent: etree._Element, element: etree._Element, before: tuple[str, ...]) -> None:
    """Put ``element`` before the first child whose local name is in ``before`` (the schema's order)."""
    for index, existing in enumerate(parent):
        if local_name(existing) in before:
            parent.insert(index, element)
            return
    parent.append(element)


# VML's text boxes hold HTML, whose <div> and <font> Excel writes as start and end tags, never <div/>
_HTML_CONTAINERS = ("div", "font")


def serialise_vml(root: etree._Element) -> bytes:
    """A VML drawing as Excel writes one: no declaration, and its HTML containers never self-closing."""
    for element in root.iter(*_HTML_CONTAINERS):
        if element.text is None and len(element) == 0:
            element.text = ""
    return serialise(root, declared=False)
