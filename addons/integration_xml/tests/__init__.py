from . import test_ubl
from . import test_cxml
from . import test_ubl_supplier
from . import test_cxml_supplier
