"""Make the ORM-free ``services`` package of integration_channels importable.

integration_core's own ``services`` package already owns that top-level name in this test
session (tests/conftest.py), so the channels one is loaded under the alias
``channel_services`` from the module's path.
"""

import importlib.util
import sys
from pathlib import Path

CHANNELS_ADDON_DIR = Path(__file__).resolve().parents[3] / "addons" / "integration_channels"
PACKAGE = "channel_services"

if PACKAGE not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        PACKAGE,
        CHANNELS_ADDON_DIR / "services" / "__init__.py",
        submodule_search_locations=[str(CHANNELS_ADDON_DIR / "services")],
    )
    _module = importlib.util.module_from_spec(_spec)
    sys.modules[PACKAGE] = _module
    _spec.loader.exec_module(_module)
