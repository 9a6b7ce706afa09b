from . import test_amqp_transport
