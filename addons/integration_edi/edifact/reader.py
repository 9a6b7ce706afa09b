"""Streaming tokenizer of UN/EDIFACT: bytes or text in, segments out, one chunk at a time.

Binary input is scanned as latin-1 (one character per byte, so offsets are byte offsets and
every separator keeps its byte value) and each segment is then decoded with the character set
its interchange declares in UNB (UNOA..UNOY). This is exact for the single-byte sets and for
UTF-8, whose multi-byte sequences never contain an ASCII byte; UNOX (ISO 2022 escape
sequences, which may contain separator bytes) is therefore not supported.
"""

import io
import os
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from .errors import EdifactSyntaxError

# Syntax identifier (UNB S001/0001) -> Python codec. UNOA's upper-case-only repertoire is not
# enforced: partners routinely send lower case under UNOA, and rejecting it helps nobody.
CHARSETS = {
    "UNOA": "ascii",
    "UNOB": "ascii",
    "UNOC": "iso8859-1",
    "UNOD": "iso8859-2",
    "UNOE": "iso8859-5",
    "UNOF": "iso8859-7",
    "UNOG": "iso8859-3",
    "UNOH": "iso8859-4",
    "UNOI": "iso8859-6",
    "UNOJ": "iso8859-8",
    "UNOK": "iso8859-9",
    "UNOL": "iso8859-15",
    "UNOW": "utf-8",
    "UNOY": "utf-8",
}

# What a file declaring a character set it does not keep to is read with instead, in order:
# UNOA/UNOB files carrying UTF-8 or Latin-1 letters are common and meant as such.
FALLBACK_CHARSETS = ("utf-8", "iso8859-1")
# EBCDIC: "UNA" and "UNB" as IBM mainframes write them, their filler (space, CR, LF, NL);
# cp037 unless ``EdifactReader(ebcdic=...)`` names another code page.
_EBCDIC_STARTS = ("UNA".encode("cp037"), "UNB".encode("cp037"))
_EBCDIC_FILLER = b"\x40\x0d\x25\x15"
_NEL = "\x85"
_TAG = re.compile(r"[A-Z][A-Z0-9]{2}")
# Tags already matched: a few dozen in practice, each matched by the regex once.
_TAGS_SEEN = set()
_BLANKS = " \t\r\n"
CHUNK_SIZE = 1 << 16
# The consumed part of the buffer is dropped only past this size, not after every segment.
_COMPACT_AT = 1 << 16


@dataclass(frozen=True)
class Separators:
    """The six characters of the UNA service string advice, in UNA order.

    ``reserved`` is the repetition separator of syntax 4 (space when unused); repetitions are
    not split, so it is kept as data. A space as ``release`` means no release character.
    """

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    reserved: str = " "
    segment: str = "'"

    @classmethod
    def from_una(cls, chars, position=None):
        """The separators advised by the six characters following ``UNA``."""
        separators = cls(*chars)
        delimiters = [separators.component, separators.element, separators.segment]
        if separators.release != " ":
            delimiters.append(separators.release)
        if len(set(delimiters)) != len(delimiters) or any(c.isalnum() for c in delimiters):
            raise EdifactSyntaxError(
                "20",
                f"UNA{chars} advises a letter, a digit or the same character twice",
                position,
            )
        if separators.decimal not in ".,":
            raise EdifactSyntaxError(
                "19", f"UNA{chars} advises {separators.decimal!r} as decimal mark", position
            )
        return separators

    @property
    def release_char(self):
        """The release character, or None when the UNA says there is none."""
        return None if self.release == " " else self.release

    def una(self):
        """The service string advice segment that announces these separators."""
        return (
            f"UNA{self.component}{self.element}{self.decimal}{self.release}"
            f"{self.reserved}{self.segment}"
        )


DEFAULT_SEPARATORS = Separators()


class Position(NamedTuple):
    """Where a segment starts: its number in the stream (1-based, UNA not counted) and offset.

    The offset counts bytes for binary input and characters for text input. A named tuple,
    as one is made per segment read: it costs half a frozen dataclass.
    """

    segment: int
    offset: int

    def __str__(self):
        return f"segment {self.segment} (offset {self.offset})"


@dataclass(slots=True)
class Segment:
    """A segment: its tag and its data elements, each a list of components.

    Components are strings when read; builders may also put Decimal or int values, which the
    writer formats with the partner's decimal mark. Equality ignores the position.
    """

    tag: str
    elements: list = field(default_factory=list)
    position: Position | None = field(default=None, compare=False, repr=False)

    @classmethod
    def build(cls, tag, *elements):
        """A segment from scalars (one component) or sequences of components.

        Trailing empty components and elements (None or "") are dropped, as the syntax wants.
        """
        built = [_trimmed(list(e) if isinstance(e, list | tuple) else [e]) for e in elements]
        return cls(tag, _trimmed(built))

    def element(self, index):
        """The components of data element ``index`` (0-based, tag excluded); [] when absent."""
        return self.elements[index] if index < len(self.elements) else []

    def value(self, index, component=0):
        """One component as a string, "" when absent: optional data is the common case."""
        components = self.element(index)
        value = components[component] if component < len(components) else None
        return "" if value is None else str(value)


def _trimmed(values):
    while values and values[-1] in (None, "", []):
        values.pop()
    return values


class EdifactReader:
    """Iterate the segments of a stream holding one or more interchanges.

    ``separators``, ``una`` (whether a UNA advised them) and ``charset`` describe the
    interchange being read; they change when the next interchange starts. ``warnings``
    collects ``(text, position)`` of what was read leniently (the caller empties it):
    characters beyond the declared character set, an EBCDIC file transcoded.
    """

    def __init__(self, source, chunk_size=CHUNK_SIZE, ebcdic="cp037"):
        self._chunks = _chunks(source, chunk_size)
        self._ebcdic_codec = ebcdic
        self.ebcdic = None  # the code page of an EBCDIC file
        self.warnings = []
        self._charset_warned = False
        self._binary = None
        self._buffer = ""
        self._base = 0
        self._pos = 0
        self._eof = False
        self._count = 0
        self._between_interchanges = True
        self.separators = DEFAULT_SEPARATORS
        self.una = False
        self.charset = None

    def __iter__(self):
        try:
            self._skip_bom()
            while self._skip_blanks():
                self._compact()
                if self._starts_with("UNA"):
                    self._read_una()
                    continue
                if self._between_interchanges:
                    self.separators, self.una = DEFAULT_SEPARATORS, False
                    yield self._read_segment()
                else:
                    yield from self._read_batch() or (self._read_segment(),)
        except EdifactSyntaxError as err:
            if not self.ebcdic:
                raise
            raise EdifactSyntaxError(
                err.code,
                f"{err.text}; the file is EBCDIC, read as {self.ebcdic}: set the partner's "
                f"code page if it uses another one",
                err.position,
            ) from err

    def _read_segment(self):
        end = self._find_terminator()
        start, self._pos = self._pos, end + 1
        return self._segment(self._buffer[start:end], start)

    def _read_batch(self):
        """The segments up to the last terminator in the buffer, read in one pass: the
        buffer is split at once, instead of a blank skip, a terminator search and a buffer
        slice per segment. Returns None when the buffer holds no whole segment. Stops
        before a UNA and after a UNZ (the separators may change there) and leaves
        ``_pos`` after each segment it yields, so the reader's state is exact throughout.
        """
        buffer, start = self._buffer, self._pos
        terminator, release = self.separators.segment, self.separators.release_char
        cut = self._last_terminator(start)
        if cut < 0:
            return None
        region = buffer[start:cut]
        pieces = region.split(terminator)
        if release and release + terminator in region:
            pieces = _join_released(pieces, terminator, release)
        return self._batch_segments(pieces, start)

    def _batch_segments(self, pieces, index):
        for raw in pieces:
            text = raw.lstrip(_BLANKS)
            begin = index + len(raw) - len(text)
            index += len(raw) + 1
            if text.startswith("UNA"):
                self._pos = begin
                return
            self._pos = index
            segment = self._segment(text, begin)
            yield segment
            if segment.tag == "UNZ":
                return

    def _last_terminator(self, start):
        """Index of the last terminator after ``start`` that no release character escapes."""
        buffer, terminator = self._buffer, self.separators.segment
        release = self.separators.release_char
        cut = buffer.rfind(terminator, start)
        while cut >= 0 and release and _ends_released(buffer[start:cut], release):
            cut = buffer.rfind(terminator, start, cut)
        return cut

    def _segment(self, raw, start):
        """The segment whose text ``raw`` starts at buffer index ``start``."""
        if "\n" in raw or "\r" in raw:  # a segment wrapped over lines
            raw = raw.replace("\r", "").replace("\n", "")
        self._count += 1
        position = Position(self._count, self._base + start)
        if raw.startswith("UNB"):
            # UNB declares the character set: read it as latin-1 first, then decode it again.
            self.charset = None
        # ASCII reads the same in every character set supported (and isascii is O(1)).
        segment = self._parse(raw if raw.isascii() else self._decode(raw, position), position)
        if segment.tag == "UNB":
            segment = self._start_interchange(segment, raw, position)
        elif segment.tag == "UNZ":
            self._between_interchanges = True
        return segment

    def _start_interchange(self, segment, raw, position):
        """Adopt the character set of UNB S001/0001 and decode the UNB itself with it."""
        self._between_interchanges = False
        self.charset = CHARSETS.get(segment.value(0), "iso8859-1")
        self._charset_warned = False
        return self._parse(self._decode(raw, position), position)

    def _parse(self, text, position):
        """The segment of decoded ``text``."""
        elements = split_segment(text, self.separators)
        tag_element = elements[0]
        if len(tag_element) != 1 or not _is_tag(tag_element[0]):
            shown = text[:20]
            raise EdifactSyntaxError("12", f"{shown!r} does not start with a segment tag", position)
        return Segment(tag_element[0], elements[1:], position)

    def _decode(self, raw, position):
        if not self._binary or self.ebcdic:
            return raw
        data = raw.encode("iso8859-1")
        charset = self.charset or "iso8859-1"
        try:
            return data.decode(charset)
        except UnicodeDecodeError as exc:
            return self._decode_beyond(data, charset, exc, position)

    def _decode_beyond(self, data, charset, exc, position):
        """Text with characters its declared set lacks: read as UTF-8, else Latin-1, and
        warned of once per interchange; never a reason to refuse the interchange."""
        fallback = next(c for c in FALLBACK_CHARSETS if c != charset and _decodes(data, c))
        if not self._charset_warned:
            self._charset_warned = True
            self.warnings.append(
                (
                    f"byte 0x{data[exc.start]:02X} at offset {position.offset + exc.start} "
                    f"is not valid in {charset}, the declared character set: the interchange "
                    f"is read as {fallback}",
                    position,
                )
            )
        self.charset = fallback  # the rest of the interchange too, at full speed
        return data.decode(fallback)

    def _read_una(self):
        position = Position(self._count + 1, self._base + self._pos)
        if not self._ensure(9):
            raise EdifactSyntaxError("13", "UNA is cut short", position)
        chars = self._buffer[self._pos + 3 : self._pos + 9]
        self.separators = Separators.from_una(chars, position)
        self.una = True
        self._between_interchanges = False
        self._pos += 9

    def _find_terminator(self):
        """Index of the segment terminator, stepping over released characters."""
        terminator, release = self.separators.segment, self.separators.release_char
        index = self._pos
        while True:
            end = self._buffer.find(terminator, index)
            limit = len(self._buffer) if end < 0 else end
            released = self._buffer.find(release, index, limit) if release else -1
            if released >= 0:
                if released + 1 < len(self._buffer) or self._fill():
                    index = released + 2
                    continue
            elif end >= 0:
                return end
            elif self._fill():
                index = limit
                continue
            position = Position(self._count + 1, self._base + self._pos)
            raise EdifactSyntaxError(
                "13",
                f"segment {self._buffer[self._pos : self._pos + 20]!r}... has no terminator",
                position,
            )

    def _skip_bom(self):
        self._ensure(3)
        bom = "\xef\xbb\xbf" if self._binary else "\ufeff"
        if self._starts_with(bom):
            self._pos += len(bom)

    def _skip_blanks(self):
        """Step over line breaks and spaces between segments; False at the end of the stream."""
        while True:
            while self._pos < len(self._buffer) and self._buffer[self._pos] in _BLANKS:
                self._pos += 1
            if self._pos < len(self._buffer):
                return True
            if not self._fill():
                return False

    def _starts_with(self, text):
        return self._ensure(len(text)) and self._buffer.startswith(text, self._pos)

    def _ensure(self, count):
        while len(self._buffer) - self._pos < count:
            if not self._fill():
                return False
        return True

    def _fill(self):
        """Append the next chunk to the buffer; False at the end of the stream."""
        if self._eof:
            return False
        chunk = next(self._chunks, None)
        if not chunk:
            self._eof = True
            return False
        if self._binary is None:
            self._binary = isinstance(chunk, bytes)
            if self._binary and chunk.lstrip(_EBCDIC_FILLER).startswith(_EBCDIC_STARTS):
                self.ebcdic = self._ebcdic_codec
                self.warnings.append((f"the file is EBCDIC: read as {self.ebcdic}", None))
        if self.ebcdic:  # read as text at once; NEL (the mainframe line end) is a line break
            self._buffer += chunk.decode(self.ebcdic).replace(_NEL, "\n")
        else:
            self._buffer += chunk.decode("iso8859-1") if self._binary else chunk
        return True

    def _compact(self):
        if self._pos > _COMPACT_AT:
            self._buffer = self._buffer[self._pos :]
            self._base += self._pos
            self._pos = 0


def split_segment(text, separators):
    """The data elements of a segment's text, each a list of components, releases resolved."""
    release = separators.release_char
    if not release or release not in text:
        return [e.split(separators.component) for e in text.split(separators.element)]
    elements, components, current = [], [], []
    chars = iter(text)
    for char in chars:
        if char == release:
            current.append(next(chars, ""))
        elif char == separators.component:
            components.append("".join(current))
            current = []
        elif char == separators.element:
            components.append("".join(current))
            elements.append(components)
            components, current = [], []
        else:
            current.append(char)
    components.append("".join(current))
    elements.append(components)
    return elements


def _is_tag(text):
    """Whether ``text`` is a segment tag; each distinct tag is matched once."""
    if text in _TAGS_SEEN:
        return True
    if _TAG.fullmatch(text):
        _TAGS_SEEN.add(text)
        return True
    return False


def _ends_released(text, release):
    """Whether the character after ``text`` is escaped: an odd run of release characters
    ends it (``??`` is a released release character)."""
    return (len(text) - len(text.rstrip(release))) % 2 == 1


def _join_released(pieces, terminator, release):
    """Pieces of a text split at every terminator, joined again where a terminator was
    released (``?'``): a piece ending in a released terminator continues in the next."""
    joined, carried = [], None
    for piece in pieces:
        if carried is not None:
            piece = carried + terminator + piece
        carried = piece if _ends_released(piece, release) else None
        if carried is None:
            joined.append(piece)
    return joined


def _decodes(data, charset):
    try:
        data.decode(charset)
    except UnicodeDecodeError:
        return False
    return True


def read_segments(source, chunk_size=CHUNK_SIZE):
    """Every segment of ``source`` (bytes, str, path or binary/text stream), lazily."""
    return iter(EdifactReader(source, chunk_size))


def _chunks(source, chunk_size):
    """Chunks of ``source``; a path is opened here and closed when reading ends."""
    if isinstance(source, os.PathLike):
        with open(source, "rb") as stream:
            yield from _stream_chunks(stream, chunk_size)
        return
    if isinstance(source, bytes | bytearray | memoryview):
        source = io.BytesIO(bytes(source))
    elif isinstance(source, str):
        source = io.StringIO(source)
    yield from _stream_chunks(source, chunk_size)


def _stream_chunks(stream, chunk_size):
    while chunk := stream.read(chunk_size):
        yield chunk
