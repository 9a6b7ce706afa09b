from . import test_release_and_shipping
from . import test_ship_confirmation
from . import test_receipts
from . import test_reconciliation
from . import test_views
from . import test_edi
from . import test_attacks
from . import test_flat_files
