from . import integration_flow
from . import integration_message
from . import account_payment
from . import account_move
from . import integration_cash_deduction
from . import integration_exception
from . import integration_processor_remittance
