"""Import the add-ons' ORM-free packages by the names the add-ons use, without Odoo.

Every add-on under addons/ is registered as a bare package ``odoo.addons.<addon>`` whose
``__init__`` (the models) is not run, so a test writes ``from odoo.addons.integration_edi
import x12`` exactly as the add-on code does: one name per package, no aliasing, and a pure
module may use another add-on's (the EDIFACT reader uses the hub's GS1 check digit). Odoo
itself is never imported here: ``odoo`` is an empty namespace in this test session.
"""

import sys
import types
from pathlib import Path

ADDONS_DIR = Path(__file__).resolve().parent.parent / "addons"


def _package(name, path=None):
    """The package ``name`` from sys.modules, or a bare one searching ``path``."""
    module = sys.modules.get(name)
    if module is None:
        module = types.ModuleType(name)
        module.__path__ = [str(path)] if path else []
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)
    return module


_package("odoo")
_package("odoo.addons")
for _manifest in sorted(ADDONS_DIR.glob("*/__manifest__.py")):
    _package(f"odoo.addons.{_manifest.parent.name}", _manifest.parent)
