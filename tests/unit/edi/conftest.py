"""Make the ORM-free codecs of integration_edi importable as plain ``x12``/``edifact``."""

import sys
from pathlib import Path

EDI_ADDON_DIR = Path(__file__).resolve().parents[3] / "addons" / "integration_edi"
if str(EDI_ADDON_DIR) not in sys.path:
    sys.path.insert(0, str(EDI_ADDON_DIR))
