"""EDIFACT reader against pydifact on the same ~10 MB ORDERS interchange, side by side.

Generates the file with the codec's writer in a temporary directory, then reads it in
alternating rounds with:

* the codec's streaming reader (``read_segments``: segments split into elements and
  components, releases resolved, positions kept) against pydifact's ``Parser.parse``,
  which yields the same segments; the ratio of these two is the target (>= 5x);
* the codec's ``read_interchanges`` (reader plus envelope checks, the interchange held
  whole as the codec maps it) against pydifact's ``Interchange.from_file``, also held whole;
* a bare ``str.split`` of the decoded file at the terminator: the ceiling of any reader.

Prints segments per second, the ratios, and the reader's peak memory growth (tracemalloc).
Exits 1 when the reader is not 5x faster than pydifact or its peak growth reaches 50 MB.

    python3 bench/bench_edifact_parser.py [--megabytes 10] [--rounds 2]
"""

import argparse
import sys
import tempfile
import warnings
from datetime import datetime
from pathlib import Path

from pydifact.parser import Parser
from pydifact.segmentcollection import Interchange
from side_by_side import best_rates, peak_growth_mb, print_rates, verdict

# The add-ons' pure packages by their Odoo names, without Odoo (as the unit tests do).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import conftest  # noqa: E402, F401

from odoo.addons.integration_edi import edifact  # noqa: E402
from odoo.addons.integration_edi.edifact.writer import message_segments  # noqa: E402

TARGET_RATIO = 5.0
MEMORY_LIMIT_MB = 50.0
LINES_PER_ORDER = 10
ORDERS = edifact.MessageType("ORDERS", "D", "96A", "UN", "EAN008")
# pydifact warns once per service segment that it has no directory to validate it against.
warnings.filterwarnings("ignore", module="pydifact")


def generate(path, megabytes):
    """An ORDERS D96A interchange, about ``megabytes`` long, one segment a line."""
    header = edifact.InterchangeHeader(
        sender=edifact.PartyId("5412345678908", "14"),
        recipient=edifact.PartyId("8712345678904", "14"),
        control_ref="IC0001",
        prepared=datetime(2024, 5, 1, 12, 0),
    )
    first = edifact.OutboundMessage("M1", ORDERS, _order_body(1))
    one = len(edifact.serialize(message_segments(first), line_end="\n"))
    count = max(1, round(megabytes * 1_000_000 / one))
    messages = [first]
    messages += (
        edifact.OutboundMessage(f"M{n}", ORDERS, _order_body(n)) for n in range(2, count + 1)
    )
    path.write_bytes(edifact.write_interchange(header, messages, line_end="\n"))
    return count


def _order_body(order):
    """One order of ``LINES_PER_ORDER`` lines; a released apostrophe in its free text."""
    build = edifact.Segment.build
    body = [
        build("BGM", "220", f"PO-{order:07d}", "9"),
        build("DTM", ("137", "20240501", "102")),
        build("DTM", ("2", "20240515", "102")),
        build("FTX", "DEL", None, None, "O'BRIEN DOCK 3: RING TWICE"),
        build("NAD", "BY", ("5412345678908", None, "9"), None, "NORTHWIND TRADERS",
              "15 RAIL YARD RD", "COLUMBUS", None, "43215", "US"),
        build("NAD", "DP", ("5412345678915", None, "9")),
        build("CUX", ("2", "EUR", "9")),
    ]  # fmt: skip
    for line in range(1, LINES_PER_ORDER + 1):
        body += [
            build("LIN", str(line), None, ("4000862141404", "SRV")),
            build("PIA", "1", (f"NW-{line:05d}", "SA")),
            build("IMD", "F", None, (None, None, None, "CABLE TIE 8IN BLACK")),
            build("QTY", ("21", "12", "PCE")),
            build("PRI", ("AAA", "3.15")),
        ]
    return [*body, build("UNS", "S"), build("CNT", ("2", str(LINES_PER_ORDER)))]


def codec_read(path):
    """Segments read by the codec's streaming reader, one at a time."""
    return sum(1 for _ in edifact.read_segments(path))


def codec_interchanges(path):
    """Segments of the interchanges read and checked by the codec, held whole."""
    (interchange,) = edifact.read_interchanges(path)
    assert interchange.is_valid, interchange.all_errors()[:3]
    return sum(1 for _ in interchange.segments())


def pydifact_parse(path):
    return sum(1 for _ in Parser().parse(path.read_text("iso8859-1")))


def pydifact_interchange(path):
    interchange = Interchange.from_file(str(path))
    return len(interchange.segments) + 2  # and its UNB and UNZ


def str_split(path):
    """The ceiling: the file read, decoded and cut at each terminator, nothing else."""
    return len(path.read_bytes().decode("iso8859-1").split("'\n")) - 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    readers = (codec_read, pydifact_parse, codec_interchanges, pydifact_interchange, str_split)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench_orders.edi"
        orders = generate(path, options.megabytes)
        size_mb = path.stat().st_size / 1e6
        print(f"file: {size_mb:.1f} MB, {orders} ORDERS messages, {codec_read(path)} segments")
        rates = best_rates(readers, path, options.rounds)
        peak = peak_growth_mb(codec_read, path)
    print_rates(
        rates,
        (
            (codec_read, "edifact reader (read_segments)"),
            (pydifact_parse, "pydifact Parser.parse"),
            (codec_interchanges, "edifact read_interchanges (envelope checks)"),
            (pydifact_interchange, "pydifact Interchange.from_file"),
            (str_split, "bare str.split (ceiling)"),
        ),
        reference=pydifact_parse,
    )
    ratio = rates[codec_read] / rates[pydifact_parse]
    held_ratio = rates[codec_interchanges] / rates[pydifact_interchange]
    print(f"edifact reader / pydifact: {ratio:.1f}x")
    print(f"edifact read_interchanges / pydifact Interchange.from_file: {held_ratio:.1f}x")
    print(
        f"segments/s: ours {rates[codec_read]:,.0f}, str.split ceiling "
        f"{rates[str_split]:,.0f} (ours at {rates[codec_read] / rates[str_split]:.0%} of it)"
    )
    print(f"peak memory growth on {size_mb:.0f} MB: {peak:.1f} MB (streaming segments)")
    return verdict(
        (
            (f"edifact reader >= {TARGET_RATIO:.0f}x pydifact", ratio >= TARGET_RATIO),
            (f"peak memory growth < {MEMORY_LIMIT_MB:.0f} MB", peak < MEMORY_LIMIT_MB),
        )
    )


if __name__ == "__main__":
    sys.exit(main())
