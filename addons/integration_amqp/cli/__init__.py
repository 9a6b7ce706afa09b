from . import integration_amqp_consume
