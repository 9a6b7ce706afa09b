"""Safe XML parsing and the check of a document against a schema of what the hub reads.

Partners send far more than the hub reads (a cXML OrderRequest may carry dozens of elements
the DTD allows). The hub's schemas (XSD, in ``xsd/``) declare only the elements it reads;
elements the schema does not name are left out before the check, so they never fail a
document, while every element the hub reads is checked for place, presence and type. Each
violation names the element by its XPath in the document as sent and the rule it breaks.
No ORM: pure lxml, tested with plain pytest.
"""

import copy
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

XSD_NS = "http://www.w3.org/2001/XMLSchema"
XSD_DIR = Path(__file__).resolve().parent.parent / "xsd"
_LIBXML_SUBJECT = re.compile(r"^Element '[^']+'(?:, attribute '([^']+)')?: (.*)$", re.S)


@dataclass(frozen=True)
class Violation:
    """One broken rule: where (XPath of the element) and what (the schema's message)."""

    path: str
    rule: str
    line: int | None = None

    def __str__(self):
        return f"{self.path}: {self.rule}"


class XmlDocumentError(ValueError):
    """The payload is not well-formed XML, or breaks the schema of what the hub reads."""

    def __init__(self, message, violations=()):
        super().__init__(message)
        self.violations = list(violations)


def parser():
    """A parser that never fetches a DTD or an entity from the network or the disk
    (cXML files declare a DTD on xml.cxml.org) and refuses huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )


def parse(payload):
    """Bytes → root element, or XmlDocumentError naming the line and column (lxml's
    message says them)."""
    try:
        root = etree.fromstring(payload, parser())
    except etree.XMLSyntaxError as err:
        line = err.position[0] if err.position else None
        raise XmlDocumentError(
            f"The payload is not well-formed XML: {err.msg}.",
            [Violation("/", f"not well-formed: {err.msg}", line)],
        ) from err
    if root is None:
        raise XmlDocumentError("The payload holds no XML element.", [Violation("/", "empty")])
    return root


def local_name(element):
    return etree.QName(element).localname


class ReadSchema:
    """An XSD of the elements the hub reads, checked on a copy of the document pruned of
    the elements and attributes the schema never names (so extensions and what the hub
    does not read pass)."""

    def __init__(self, xsd_name, local_names=False):
        self.local_names = local_names  # UBL: checked on local names, paths without prefixes
        schema_tree = etree.parse(str(XSD_DIR / xsd_name), parser())
        self.schema = etree.XMLSchema(schema_tree)
        self.names = {
            node.get("name")
            for node in schema_tree.iter(f"{{{XSD_NS}}}element")
            if node.get("name")
        }
        self.attributes = {node.get("name") for node in schema_tree.iter(f"{{{XSD_NS}}}attribute")}

    def violations(self, root):
        """The rules ``root`` breaks, as Violations (empty: the document may be read)."""
        if self.schema.validate(self._pruned(root)):
            return []
        return [self._violation(entry) for entry in self.schema.error_log]

    def check(self, root, what):
        """Raise XmlDocumentError listing every violation of ``what`` (a document's name)."""
        found = self.violations(root)
        if found:
            listed = "; ".join(str(v) for v in found)
            raise XmlDocumentError(
                f"The {what} breaks the rules of what the hub reads: {listed}", found
            )

    def _pruned(self, root):
        pruned = copy.deepcopy(root)  # keeps each element's source line
        for element in list(pruned.iter()):
            if not isinstance(element.tag, str):
                continue
            if element is not pruned and local_name(element) not in self.names:
                parent = element.getparent()
                if parent is not None:
                    self._drop(parent, element)
                continue
            for key in [k for k in element.attrib if k not in self.attributes]:
                del element.attrib[key]  # attributes the hub does not read (xml:lang...)
            if self.local_names:
                element.tag = local_name(element)
        if self.local_names:
            etree.cleanup_namespaces(pruned)
        return pruned

    @staticmethod
    def _drop(parent, element):
        """Remove ``element`` keeping its tail text (mixed content such as Description)."""
        if element.tail and element.tail.strip():
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)

    @staticmethod
    def _violation(entry):
        """libxml2 starts its message with the element's (and attribute's) name: the path
        says which, with the attribute as ``/@name``; the rest is the rule."""
        match = _LIBXML_SUBJECT.match(entry.message)
        if not match:
            return Violation(entry.path, entry.message.strip(), entry.line)
        attribute, rule = match.group(1), match.group(2).strip()
        path = f"{entry.path}/@{attribute}" if attribute else entry.path
        return Violation(path, rule, entry.line)


def text(element, path, namespaces=None):
    """Stripped text of the first match of ``path`` under ``element``, or None."""
    found = element.find(path, namespaces)
    if found is None:
        return None
    value = "".join(found.itertext()).strip()
    return value or None
