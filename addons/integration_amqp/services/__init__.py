"""ORM-free pieces of the AMQP transport: CloudEvents envelopes and the pika client."""
