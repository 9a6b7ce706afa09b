from . import webhooks
from . import payment_webhooks
