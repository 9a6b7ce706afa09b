"""Where the public EDI samples are: copied byte for byte into ``data/public`` next to this
file, with their sources and licences (SOURCES.md, README.md there)."""

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "data" / "public"
