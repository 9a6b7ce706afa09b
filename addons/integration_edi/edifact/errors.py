"""The errors of the EDIFACT codec, each carrying what a CONTRL or a person needs to act on it.

Codes are UN/EDIFACT data element 0085 (syntax error, coded), so an error found while reading
can be reported back to the partner unchanged.
"""

# The 0085 codes this codec reports or may read in a partner's CONTRL.
SYNTAX_ERRORS = {
    "2": "syntax version or level not supported",
    "7": "interchange recipient not actual recipient",
    "12": "invalid value",
    "13": "missing",
    "14": "value not supported in this position",
    "15": "not supported in this position",
    "16": "too many constituents",
    "17": "no agreement",
    "18": "unspecified error",
    "19": "invalid decimal notation",
    "20": "character invalid as service character",
    "21": "invalid character(s)",
    "22": "invalid service character(s)",
    "23": "unknown interchange sender",
    "24": "too old",
    "25": "test indicator not supported",
    "26": "duplicate detected",
    "28": "references do not match",
    "29": "control count does not match number of instances received",
    "30": "functional groups and messages mixed",
    "31": "more than one message type in group",
    "32": "lower level empty",
    "33": "invalid occurrence outside message, package or group",
    "35": "too many segment repetitions",
    "36": "too many segment group repetitions",
    "37": "invalid type of character(s)",
    "39": "data element too long",
    "40": "data element too short",
    "45": "trailing separator",
    "46": "character set not supported",
}


def describe_code(code):
    """``missing (13)`` for a 0085 code; unknown codes are still shown, never dropped."""
    name = SYNTAX_ERRORS.get(code, "unknown syntax error")
    return f"{name} ({code})"


class EdifactError(ValueError):
    """Base of every error of the codec."""


class EdifactSyntaxError(EdifactError):
    """The stream cannot be tokenized any further (bad UNA, unterminated segment, bad bytes)."""

    def __init__(self, code, message, position=None):
        self.code = code
        self.position = position
        self.text = message
        super().__init__(f"{message} at {position}" if position else message)


class EnvelopeError(EdifactError):
    """One envelope problem, at the level (interchange, group, message, segment) it concerns.

    Collected rather than raised while reading, so that one CONTRL can report them all.
    ``segment`` is the tag concerned (``UNZ`` for a missing trailer), ``element`` the
    1-based ``(element, component)`` position inside it, ``segment_number`` the position of a
    user segment inside its message (UNH = 1), as CONTRL's UCS expects.
    """

    def __init__(
        self,
        level,
        code,
        message,
        *,
        interchange_ref=None,
        group_ref=None,
        message_ref=None,
        segment=None,
        element=None,
        segment_number=None,
        position=None,
    ):
        super().__init__(message)
        self.level = level
        self.code = code
        self.text = message
        self.interchange_ref = interchange_ref
        self.group_ref = group_ref
        self.message_ref = message_ref
        self.segment = segment
        self.element = element
        self.segment_number = segment_number
        self.position = position

    def __repr__(self):
        return f"EnvelopeError({self.level}, code {self.code}: {self.text})"


class InterchangeRejected(EdifactError):
    """An interchange has envelope errors; ``errors`` lists every one of them."""

    def __init__(self, interchange_ref, errors):
        self.interchange_ref = interchange_ref
        self.errors = list(errors)
        summary = "; ".join(error.text for error in self.errors)
        super().__init__(f"interchange {interchange_ref} rejected: {summary}")


class EdifactMappingError(EdifactError):
    """A message cannot become (or be made from) a canonical document.

    ``code`` is the 0085 code a CONTRL would carry (13 missing, 15 unknown segment,
    12 invalid value); ``position`` and ``element_position`` locate the offending value
    when it exists, so the rejection can name segment and element.
    """

    def __init__(
        self, segment, element, message, *, code="12", position=None, element_position=None
    ):
        self.segment = segment
        self.element = element
        self.text = message
        self.code = code
        self.position = position
        self.element_position = element_position
        where = segment if element is None else f"{segment} {element}"
        if position is not None:
            where = f"{where} ({position})"
        super().__init__(f"{where}: {message}")
