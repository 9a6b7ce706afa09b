from . import test_ubl
from . import test_cxml
