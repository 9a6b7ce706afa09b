from . import integration_endpoint
from . import integration_flow
from . import integration_codec_xml
from . import integration_codec_ubl
from . import integration_codec_cxml
from . import integration_transport_cxml
