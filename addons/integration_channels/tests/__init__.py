from . import test_webhooks
from . import test_end_to_end
from . import test_reconciliation
from . import test_available_to_sell
from . import test_channel_orders
from . import test_attacks
from . import test_channel_contract
from . import test_shop_returns
