"""Streaming X12 segment reader.

The file is read in chunks and split on the segment terminator, so a file of any size is
read with flat memory. Delimiters are taken from each ISA, so one file may carry several
interchanges with different delimiters.
"""

import re
from dataclasses import dataclass
from itertools import accumulate

CHUNK_SIZE = 64 * 1024
# Widths of ISA01..ISA16: the ISA is fixed width so that its delimiters can be found.
ISA_WIDTHS = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)
ISA_LENGTH = 3 + sum(ISA_WIDTHS) + len(ISA_WIDTHS) + 1
# A lenient ISA (unpadded fields, see the 945 sample) is still found within this window.
_ISA_WINDOW = 512
_BOM = b"\xef\xbb\xbf"
# Tolerated around interchanges: whitespace and the DOS end-of-file mark Ctrl-Z.
_FILLER = b" \t\r\n\x1a"
_BREAKS = b"\r\n"
# Spaces and tabs after a terminator (or before a line-break terminator) are layout.
_BLANKS = b" \t"
_LAYOUT = _BLANKS + _BREAKS
# EBCDIC: "ISA" as IBM mainframes write it, their filler (space, CR, LF, NL), and the codecs
# read (cp037 US/Canada unless the partner's encoding names another one).
_EBCDIC_ISA = b"\xc9\xe2\xc1"
_EBCDIC_FILLER = b"\x40\x0d\x25\x15"
EBCDIC_CODECS = ("cp037", "cp500", "cp1140", "cp1148", "cp273", "cp1047")
# NEL, the mainframe line end once transcoded, is read as a line feed (one byte each).
_NEL_AS_LF = bytes.maketrans(b"\x85", b"\n")
# ISA12 versions from 00402 on carry the repetition separator in ISA11.
_FIRST_VERSION_WITH_REPETITION = "00402"


class X12SyntaxError(ValueError):
    """The bytes cannot be read as X12 at all: no ISA, a truncated ISA, undecodable text."""

    def __init__(self, message, offset):
        self.reason = message
        self.offset = offset
        super().__init__(f"{message} (byte {offset})")


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The separators of one interchange; ``suffix`` is what follows each terminator (a line
    break or nothing), kept so that a file can be written back the way it came."""

    element: str = "*"
    component: str = ">"
    repetition: str | None = None
    segment: str = "~"
    suffix: str = "\n"


class Segment:
    """One segment: ``tag``, its raw ``elements`` and where it was found, for error
    messages that a person can locate in the file.

    ``parts`` is the split text, tag first, so that ``parts[3]`` is element 03 (BEG03);
    keeping it whole spares a list copy per segment on the hot path.
    """

    __slots__ = ("tag", "parts", "delimiters", "interchange", "number", "offset", "merged")

    def __init__(self, parts, delimiters, interchange, number, offset, merged=None):
        self.tag = parts[0]
        self.parts = parts
        self.delimiters = delimiters
        self.interchange = interchange  # 1-based interchange index in the file
        self.number = number  # 1-based segment number in the file
        self.offset = offset  # byte offset of the tag in the file
        # Start of a wrapped line that looks like a segment ("PI*"): a missing terminator?
        self.merged = merged

    @property
    def elements(self):
        """The elements after the tag; element 01 is ``elements[0]``."""
        return self.parts[1:]

    def get(self, position):
        """Element ``position`` (1-based, as in BEG03), or '' when the segment is shorter."""
        parts = self.parts
        return parts[position] if position < len(parts) else ""

    def components(self, position):
        """The components of a composite element (a simple element gives one component)."""
        return self.get(position).split(self.delimiters.component)

    def repetitions(self, position):
        """The repeats of a repeated element; one item when nothing repeats."""
        separator = self.delimiters.repetition
        value = self.get(position)
        return value.split(separator) if separator else [value]

    def value(self, position):
        """Element ``position`` structured the way the writer takes it: a str, a tuple of
        components, or a list of repeats (each a str or a tuple)."""
        if self.tag == "ISA":
            # ISA11 and ISA16 hold the separators themselves: never split them.
            return self.get(position)
        repeats = [self._composite(part) for part in self.repetitions(position)]
        return repeats[0] if len(repeats) == 1 else repeats

    def values(self):
        """Every element structured, for writing the segment back."""
        return [self.value(position) for position in range(1, len(self.parts))]

    def where(self):
        return f"segment {self.number} ({self.tag}) at byte {self.offset}"

    def _composite(self, text):
        parts = text.split(self.delimiters.component)
        return parts[0] if len(parts) == 1 else tuple(parts)

    def __repr__(self):
        return f"<Segment {self.tag} #{self.number} {self.elements!r}>"


def iter_segments(stream, *, chunk_size=CHUNK_SIZE, encoding="utf-8", warn=None):
    """Yield the segments of a binary stream, interchange after interchange.

    Tolerates a UTF-8 BOM, CR/LF, blank lines and spaces after terminators, spaces before a
    line-break terminator, lines wrapped inside segments (when the terminator is not a line
    break), trailing Ctrl-Z and whitespace, an ISA whose fields are not padded (the envelope
    validator reports it), and EBCDIC, transcoded. ``warn(message, offset)`` hears of what
    was read leniently. Raises X12SyntaxError when the data does not start with an ISA or an
    ISA cannot be read.
    """
    for batch in iter_batches(stream, chunk_size=chunk_size, encoding=encoding, warn=warn):
        yield from batch.segments()


def iter_batches(stream, *, chunk_size=CHUNK_SIZE, encoding="utf-8", warn=None):
    """The segments of ``iter_segments`` as SegmentBatch runs, split into elements only when
    asked for: what the envelope validator reads, as it needs most segments' tags only."""
    source = _Source(stream, chunk_size, encoding, warn)
    source.skip(_BOM)
    source.transcode_ebcdic()
    try:
        while source.skip_filler():
            if source.starts_with(b"ISA"):
                yield source.read_isa()
            elif source.delimiters is None:
                raise X12SyntaxError("the data does not start with an ISA segment", source.offset)
            yield from source.batches()
    except X12SyntaxError as err:
        if not source.ebcdic:
            raise
        raise X12SyntaxError(
            f"{err.reason}; the file is EBCDIC, read as {source.ebcdic}: set the partner's "
            f"encoding if it uses another code page",
            err.offset,
        ) from err


class SegmentBatch:
    """Consecutive segments of one interchange read in one go: their ``texts`` (tag and
    elements, not yet split), the first one numbered ``number``.

    A segment is split and becomes a Segment only when ``segment(index)`` asks for it: the
    validator of a file checked with counts only looks at body segments' tags and nothing
    else, and a split and an object per segment would cost it more than all the rest.

    Offsets are ``starts[index] + index * step``: the fast path passes the running sum of
    the texts' lengths (computed in C) and the length of a terminator with its suffix; the
    tolerant path passes each offset and a step of 0. ``merged`` maps an index to the start
    of a wrapped line that looks like a segment (see ``Segment.merged``).
    """

    __slots__ = ("texts", "delimiters", "interchange", "number", "starts", "step", "merged")

    def __init__(self, texts, delimiters, interchange, number, starts, step=0, merged=None):
        self.texts = texts
        self.delimiters = delimiters
        self.interchange = interchange
        self.number = number
        self.starts = starts
        self.step = step
        self.merged = merged

    def segment(self, index):
        return Segment(
            self.texts[index].split(self.delimiters.element),
            self.delimiters,
            self.interchange,
            self.number + index,
            self.starts[index] + index * self.step,
            self.merged.get(index) if self.merged else None,
        )

    def segments(self):
        return map(self.segment, range(len(self.texts)))


class _Source:
    """The unread bytes of the stream, the file offset of the first one, and the delimiters
    and counters of the interchange being read."""

    def __init__(self, stream, chunk_size, encoding, warn):
        self.stream = stream
        self.warn = warn
        self.chunk_size = chunk_size
        self.encoding = encoding
        self.ebcdic = None  # the code page of an EBCDIC file
        self.data = b""
        self.offset = 0
        self.eof = False
        self.delimiters = None
        self.interchange = 0
        self.number = 0

    def fill(self):
        """Append one chunk; False at the end of the stream."""
        chunk = b"" if self.eof else self.stream.read(self.chunk_size)
        if not chunk:
            self.eof = True
            return False
        self.data += chunk
        return True

    def consume(self, count):
        self.data = self.data[count:]
        self.offset += count

    def transcode_ebcdic(self):
        """Read an EBCDIC file as Latin-1: the EBCDIC code pages are permutations of
        Latin-1's 256 characters, so byte offsets stay those of the file."""
        while len(self.data) < _ISA_WINDOW and self.fill():
            pass
        if not self.data.lstrip(_EBCDIC_FILLER).startswith(_EBCDIC_ISA):
            return
        codec = self.encoding if self.encoding in EBCDIC_CODECS else EBCDIC_CODECS[0]
        self.stream = _Transcoded(self.stream, codec)
        self.data = _Transcoded.transcode(self.data, codec)
        self.encoding = "latin-1"
        self.ebcdic = codec
        if self.warn:
            self.warn(f"the file is EBCDIC: read as {codec}", self.offset)

    def decode(self, raw, offset):
        """``raw`` (starting at byte ``offset``) as text. What is not UTF-8 when UTF-8 is
        expected is Latin-1 (Windows systems' letters): the rest of the file is read so,
        with a warning; another encoding that fails names the byte."""
        try:
            return raw.decode(self.encoding)
        except UnicodeDecodeError as exc:
            if self.encoding != "utf-8":
                reason = f"text is not valid {self.encoding} ({exc.reason})"
                raise X12SyntaxError(
                    f"{reason}; set the partner's encoding", offset + exc.start
                ) from exc
            if self.warn:
                self.warn(
                    f"byte 0x{raw[exc.start]:02X} at offset {offset + exc.start} is not valid "
                    f"UTF-8: the file is read as Latin-1",
                    offset + exc.start,
                )
            self.encoding = "latin-1"
            return raw.decode(self.encoding)

    def skip(self, prefix):
        if self.starts_with(prefix):
            self.consume(len(prefix))

    def skip_filler(self):
        """Drop whitespace and Ctrl-Z; False when nothing else is left."""
        while True:
            stripped = self.data.lstrip(_FILLER)
            self.consume(len(self.data) - len(stripped))
            if self.data or not self.fill():
                return bool(self.data)

    def starts_with(self, prefix):
        while len(self.data) < len(prefix) and self.fill():
            pass
        return self.data.startswith(prefix)

    def read_isa(self):
        """The ISA segment; its delimiters apply to the segments that follow."""
        while len(self.data) < _ISA_WINDOW and self.fill():
            pass
        window = self.data[:_ISA_WINDOW]
        offset = self.offset
        separator = window[3:4]
        if not separator or separator.isalnum() or separator in _FILLER:
            raise X12SyntaxError(f"ISA element separator {separator!r} is not usable", offset)
        isa, end = _isa_bytes(window, separator, offset)
        end += len(window[end:]) - len(window[end:].lstrip(_BLANKS))  # never a terminator
        component, terminator = isa[-1:], window[end : end + 1]
        if component == separator:
            raise X12SyntaxError(
                "ISA16 (component separator) is the element separator", offset + end - 1
            )
        if not terminator:
            raise X12SyntaxError("the data ends inside the ISA segment", offset + end)
        if terminator.isalnum():
            raise X12SyntaxError(
                f"ISA is followed by {terminator!r}, not a segment terminator: "
                f"ISA16 (component separator) is probably missing",
                offset + end,
            )
        suffix = b"" if terminator in _BREAKS else _leading_breaks(window[end + 1 :])
        text = self.decode(isa, offset)
        elements = text.split(separator.decode())[1:]
        self.delimiters = Delimiters(
            element=separator.decode(),
            component=component.decode(),
            repetition=_repetition(elements[10], elements[11]),
            segment=terminator.decode(),
            suffix=suffix.decode(),
        )
        self.consume(end + 1 + len(suffix))
        self.interchange += 1
        self.number += 1
        return SegmentBatch([text], self.delimiters, self.interchange, self.number, [offset])

    def batches(self):
        """Yield batches with the current delimiters until the next ISA or the end."""
        terminator = self.delimiters.segment.encode()
        end = terminator + self.delimiters.suffix.encode()
        join_lines = terminator not in _BREAKS
        while True:
            if join_lines:  # line breaks after the previous terminator, maybe in a new chunk
                self.consume(len(self.data) - len(self.data.lstrip(_BREAKS)))
            cut = self.data.rfind(terminator)
            if cut >= 0:
                region = self.data[:cut]
                batch, isa_offset = self._clean_batch(region, end), None
                if batch is None:
                    batch, isa_offset = self._messy_batch(region, terminator)
                if batch.texts:
                    yield batch
                if isa_offset is not None:
                    self.consume(isa_offset - self.offset)
                    return
                self.consume(cut + 1)
            if not self.fill():
                break
        if self.data.lstrip(_FILLER)[:3] != b"ISA":
            yield from self._last_batch()

    def _clean_batch(self, region, end):
        """The fast path, or None: when every terminator is followed by the same suffix,
        nothing else breaks a line, no ISA appears, no segment is blank and each character is
        one byte, the region is decoded and split at once, each piece is exactly one segment
        and its offset follows from the lengths before it."""
        terminator = self.delimiters.segment.encode()
        if not _no_layout(region, terminator, end):
            return None
        try:
            text = region.decode(self.encoding)
        except UnicodeDecodeError:
            return None  # the tolerant path decodes segment by segment and names the byte
        if len(text) != len(region):
            return None  # multi-byte characters: byte offsets need the per-segment path
        texts = text.split(end.decode(self.encoding))
        if "" in texts or not _cut_at_every_terminator(region, terminator, end, len(texts) - 1):
            return None
        starts = list(accumulate(map(len, texts), initial=self.offset))
        batch = SegmentBatch(
            texts, self.delimiters, self.interchange, self.number + 1, starts, len(end)
        )
        self.number += len(texts)
        return batch

    def _messy_batch(self, region, terminator):
        """The tolerant path: line breaks around and inside segments, blank segments, an
        ISA opening another interchange (its offset is returned: reading stops there)."""
        delimiters, encoding = self.delimiters, self.encoding
        separator = delimiters.element
        join_lines = terminator not in _BREAKS
        offset = self.offset
        batch = SegmentBatch([], delimiters, self.interchange, self.number + 1, [], merged={})
        for raw in region.split(terminator):
            start = offset
            offset += len(raw) + 1
            text = raw.lstrip(_LAYOUT)
            start += len(raw) - len(text)
            text = text.rstrip(_BREAKS if join_lines else _LAYOUT)
            if not text:
                continue
            if text[:3] == b"ISA":
                return batch, start
            if join_lines and (b"\n" in text or b"\r" in text):
                text, merged = _join_lines(text, separator, encoding)
                if merged:
                    batch.merged[len(batch.texts)] = merged
            self.number += 1
            batch.texts.append(self.decode(text, start))
            batch.starts.append(start)
        return batch, None

    def _last_batch(self):
        """A final segment without terminator (common with line-break terminators)."""
        text = self.data.strip(_FILLER)
        if not text:
            return
        start = self.offset + len(self.data) - len(self.data.lstrip(_FILLER))
        self.consume(len(self.data))
        self.number += 1
        texts = [self.decode(text, start)]
        yield SegmentBatch(texts, self.delimiters, self.interchange, self.number, [start])


def _no_layout(region, terminator, end):
    """Whether ``region`` holds nothing the tolerant path strips or stops at: an ISA at a
    segment start, a tab anywhere, a space after a terminator (or before a line-break
    terminator). Each is one search in C, once per chunk."""
    if region[:3] == b"ISA" or end + b"ISA" in region:
        return False
    if b"\t" in region or region[:1] == b" " or end + b" " in region:
        return False
    return not (terminator in _BREAKS and b" " + terminator in region)


def _cut_at_every_terminator(region, terminator, end, ends):
    """Whether every terminator and line break of ``region`` belongs to one of the ``ends``
    occurrences of ``end`` (terminator and suffix): then splitting at ``end`` cut exactly
    its segments. A character that ``end`` lacks is looked for (memchr), not counted."""
    for char in {terminator, b"\r", b"\n"}:
        per_end = end.count(char)
        if not per_end:
            if char in region:
                return False
        elif region.count(char) != ends * per_end:
            return False
    return True


def _isa_bytes(window, separator, offset):
    """The ISA up to ISA16 included, with line breaks of a wrapped file removed, and the
    index in ``window`` where the terminator is."""
    isa = bytearray()
    found = 0
    for index, byte in enumerate(window):
        char = window[index : index + 1]
        if char in _BREAKS and found < len(ISA_WIDTHS):
            continue
        isa.append(byte)
        if char == separator:
            found += 1
        elif found == len(ISA_WIDTHS):
            return bytes(isa), index + 1
    raise X12SyntaxError(
        f"ISA has fewer than {len(ISA_WIDTHS)} elements within {_ISA_WINDOW} bytes", offset
    )


class _Transcoded:
    """A binary EBCDIC stream whose reads return Latin-1 bytes, one for one."""

    def __init__(self, stream, codec):
        self.stream = stream
        self.codec = codec

    # A binary stream's read, not a model's: there is no super() to call.
    def read(self, size):  # pylint: disable=method-required-super
        return self.transcode(self.stream.read(size), self.codec)

    @staticmethod
    def transcode(data, codec):
        return data.decode(codec).encode("latin-1").translate(_NEL_AS_LF)


def _leading_breaks(data):
    return data[: len(data) - len(data.lstrip(_BREAKS))]


def _repetition(isa11, isa12):
    """ISA11 is the repetition separator from version 00402 on, else a standards id ('U')."""
    if isa12 >= _FIRST_VERSION_WITH_REPETITION and isa11 and not isa11.isalnum():
        return isa11
    return None


def _join_lines(text, separator, encoding):
    """A wrapped segment on one line, and the tag-like start of a wrapped line if any."""
    tag_start = re.compile(rb"[\r\n]+([A-Z][A-Z0-9]{1,2})" + re.escape(separator.encode(encoding)))
    match = tag_start.search(text)
    merged = match.group(1).decode() if match else None
    return text.replace(b"\r", b"").replace(b"\n", b""), merged
