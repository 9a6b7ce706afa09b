"""X12 codec against pyx12 on the same ~10 MB 850 interchange, measured side by side.

Generates the file in a temporary directory, then reads it with the codec's streaming
reader and envelope validation, with pyx12's X12Reader (which also checks the envelope
counts) and with a bare ``str.split`` of the decoded file (the ceiling of any reader),
alternating rounds so that machine noise hits all alike. Prints segments per second, the
ratios, and the codec's peak memory growth (tracemalloc). Exits 1 when the codec is not
10x faster than pyx12 or its peak growth reaches 50 MB.

    python3 bench/bench_x12_parser.py [--megabytes 10] [--rounds 3]
"""

import argparse
import sys
import tempfile
from pathlib import Path

from pyx12.x12file import X12Reader
from side_by_side import best_rates, peak_growth_mb, print_rates, verdict

# The add-ons' pure packages by their Odoo names, without Odoo (as the unit tests do).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import conftest  # noqa: E402, F401

from odoo.addons.integration_edi import x12  # noqa: E402

TARGET_RATIO = 10.0
MEMORY_LIMIT_MB = 50.0
LINES_PER_ORDER = 10


def generate(path, megabytes):
    """An 004010 interchange of 850s in one group, about ``megabytes`` long."""
    header = x12.InterchangeHeader("ZZ", "NORTHWINDBUY", "ZZ", "HUBDISTRIB", "240501", "1200", 1)
    group = x12.GroupHeader("PO", "NORTHWINDBUY", "HUBDISTRIB", "20240501", "1200", 1)
    with open(path, "wb") as stream:
        writer = x12.X12Writer(stream, x12.Delimiters())
        writer.start_interchange(header)
        writer.start_group(group)
        order = 0
        while stream.tell() < megabytes * 1_000_000:
            order += 1
            writer.write_set(x12.OutgoingSet("850", order, _order_body(order)))
        writer.end_group()
        writer.end_interchange()
    return order


def _order_body(order):
    body = [
        ("BEG", "00", "SA", f"PO-{order:07d}", None, "20240501"),
        ("DTM", "002", "20240515"),
        ("N1", "BY", "NORTHWIND TRADERS", "92", "NW-0001"),
        ("N1", "ST", "NORTHWIND DC EAST", "92", "NW-DC-E"),
        ("N3", "15 RAIL YARD RD"),
        ("N4", "COLUMBUS", "OH", "43215", "US"),
    ]
    for line in range(1, LINES_PER_ORDER + 1):
        body += [
            ("PO1", str(line), "12", "EA", "3.15", None, "BP", f"NW-{line:05d}", "UP",
             "036000291452"),
            ("PID", "F", None, None, None, "CABLE TIE 8IN BLACK"),
        ]  # fmt: skip
    body.append(("CTT", str(LINES_PER_ORDER), str(12 * LINES_PER_ORDER)))
    return body


def codec_read(path):
    """Segments read by the codec, envelopes validated (counts only)."""
    with open(path, "rb") as stream:
        result = x12.validate(stream)
    return _segments_of(result, sum(t.segment_count for t in result.transaction_sets()))


def codec_stream_sets(path):
    """Segments read set by set with each set's body held, as a mapper consumes them."""
    validator = x12.EnvelopeValidator(collect_segments=True)
    with open(path, "rb") as stream:
        sets = x12.iter_transaction_sets(stream, validator)
        held = sum(len(body) + 2 for _, body in sets)  # the body, its ST and its SE
    return _segments_of(validator.result, held)


def _segments_of(result, in_sets):
    """All segments of a valid file: those of its sets and of its envelopes."""
    assert result.ok, next(result.all_errors())
    groups = sum(len(interchange.groups) for interchange in result.interchanges)
    return in_sets + 2 * (len(result.interchanges) + groups)  # ISA/IEA and GS/GE


def pyx12_read(path):
    reader = X12Reader(str(path))
    count = sum(1 for _ in reader)
    errors = reader.pop_errors()
    reader.close()
    assert not errors, errors[:3]
    return count


def str_split(path):
    """The ceiling: the file read, decoded and cut at each terminator, nothing else."""
    return len(path.read_bytes().decode().split(x12.Delimiters().segment)) - 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench_850.edi"
        orders = generate(path, options.megabytes)
        size_mb = path.stat().st_size / 1e6
        segments = codec_read(path)
        print(f"file: {size_mb:.1f} MB, {orders} 850 sets, {segments} segments")
        readers = (codec_read, codec_stream_sets, pyx12_read, str_split)
        rates = best_rates(readers, path, options.rounds)
        validate_peak = peak_growth_mb(codec_read, path)
        stream_peak = peak_growth_mb(codec_stream_sets, path)
    print_rates(
        rates,
        (
            (codec_read, "x12 reader (read + envelope checks)"),
            (codec_stream_sets, "x12 reader, set by set with bodies held"),
            (pyx12_read, "pyx12 X12Reader"),
            (str_split, "bare str.split (ceiling)"),
        ),
        reference=pyx12_read,
    )
    ratio = rates[codec_read] / rates[pyx12_read]
    peak = max(validate_peak, stream_peak)
    print(f"x12 reader / pyx12 X12Reader: {ratio:.1f}x")
    print(
        f"segments/s: ours {rates[codec_read]:,.0f}, str.split ceiling "
        f"{rates[str_split]:,.0f} (ours at {rates[codec_read] / rates[str_split]:.0%} of it)"
    )
    print(
        f"peak memory growth on {size_mb:.0f} MB: {peak:.1f} MB "
        f"({validate_peak:.1f} validating with counts only, {stream_peak:.1f} set by set "
        f"with bodies)"
    )
    return verdict(
        (
            (f"x12 reader >= {TARGET_RATIO:.0f}x pyx12", ratio >= TARGET_RATIO),
            (f"peak memory growth < {MEMORY_LIMIT_MB:.0f} MB", peak < MEMORY_LIMIT_MB),
        )
    )


if __name__ == "__main__":
    sys.exit(main())
