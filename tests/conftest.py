"""Make the ORM-free packages of integration_core importable as plain ``schemas``/``services``."""

import sys
from pathlib import Path

ADDON_DIR = Path(__file__).resolve().parent.parent / "addons" / "integration_core"
sys.path.insert(0, str(ADDON_DIR))
