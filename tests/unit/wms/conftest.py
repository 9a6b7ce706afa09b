"""Make the ORM-free services of integration_wms importable as the package ``wms_services``.

The hub's own ``services`` package already owns that name on sys.path (tests/conftest.py),
so this one is loaded from its directory under a name of its own.
"""

import importlib.util
import sys
from pathlib import Path

SERVICES_DIR = Path(__file__).resolve().parents[3] / "addons" / "integration_wms" / "services"

if "wms_services" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "wms_services",
        SERVICES_DIR / "__init__.py",
        submodule_search_locations=[str(SERVICES_DIR)],
    )
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["wms_services"] = _module
    _spec.loader.exec_module(_module)
