from . import integration_endpoint
from . import integration_flow
from . import integration_transport_amqp
