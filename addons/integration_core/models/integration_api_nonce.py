# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import UTC, datetime, timedelta

from odoo import api, fields, models

from ..services.signing import TOLERANCE


class IntegrationApiNonce(models.Model):
    """An HMAC signature the API accepted, kept while its timestamp is within the tolerance.

    A signature covers the whole request, so the same signature again is the same request
    replayed by whoever captured it: the unique constraint refuses it. Past the tolerance
    the timestamp check refuses it anyway, so the rows are purged by a cron.
    """

    _name = "integration.api.nonce"
    _description = "Integration API signature seen"
    _log_access = False

    endpoint_id = fields.Many2one(
        "integration.endpoint", required=True, ondelete="cascade", readonly=True
    )
    signature = fields.Char(required=True, readonly=True)
    signed_at = fields.Datetime(required=True, readonly=True, index=True)

    _sql_constraints = [
        (
            "signature_unique",
            "unique(endpoint_id, signature)",
            "This signed request was already received.",
        ),
    ]

    @api.model
    def _claim(self, endpoint, signature, timestamp):
        """Record a signature; False when it was already recorded (a replay).

        A concurrent twin waits for this transaction and then finds the row.
        """
        signed_at = datetime.fromtimestamp(int(timestamp), UTC).replace(tzinfo=None)
        self.env.cr.execute(
            "INSERT INTO integration_api_nonce (endpoint_id, signature, signed_at)"
            " VALUES (%s, %s, %s) ON CONFLICT (endpoint_id, signature) DO NOTHING RETURNING id",
            (endpoint.id, signature.strip().lower(), signed_at),
        )
        return bool(self.env.cr.fetchone())

    @api.model
    def _cron_purge(self):
        """Forget the signatures whose timestamp is now refused anyway."""
        horizon = fields.Datetime.now() - timedelta(seconds=2 * TOLERANCE)
        self.search([("signed_at", "<", horizon)]).unlink()
