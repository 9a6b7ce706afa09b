from . import test_inbound_pipeline
from . import test_outbound_pipeline
from . import test_sequential_and_approval
from . import test_routing
from . import test_builders
from . import test_security
from . import test_acknowledgements
from . import test_exception_queue_tour
