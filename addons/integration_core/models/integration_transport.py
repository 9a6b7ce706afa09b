# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class IntegrationTransport(models.AbstractModel):
    """What every transport implements; an endpoint's ``transport`` names the model."""

    _name = "integration.transport"
    _description = "Integration Transport"

    def _send(self, message, endpoint, payload):
        """Deliver ``payload``; True once delivered, False when a person must take it over.

        Raise a TransportError (retryable) or PermanentTransportError / AuthenticationError.
        """
        raise NotImplementedError
