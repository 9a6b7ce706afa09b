from . import test_purchase_chain
from . import test_purchase_orders
from . import test_security
from . import test_edi
from . import test_ubl
