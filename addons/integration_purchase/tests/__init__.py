from . import test_purchase_chain
