from . import cxml
