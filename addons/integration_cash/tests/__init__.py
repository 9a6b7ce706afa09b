from . import test_remittance
from . import test_edi
from . import test_security
