# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    """Flows gained their processor and builder with this version. The new columns were
    filled when only the hub's plug-ins were loaded: now that every module's are, give each
    flow its default again (a channel's orders flow: the channel's processor)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    for flow in env["integration.flow"].with_context(active_test=False).search([]):
        processor = flow._default_plugin("processor", "inbound")
        builder = flow._default_plugin("builder", "outbound")
        # Raw values: a flow that cannot run is reported, not allowed to stop the upgrade.
        cr.execute(
            "UPDATE integration_flow SET processor = %s, builder = %s WHERE id = %s",
            (processor or None, builder or None, flow.id),
        )
        if not (processor if flow.direction == "inbound" else builder):
            _logger.warning(
                "Flow %s (%s %s) has no %s: it cannot run until one is chosen.",
                flow.name,
                flow.direction,
                flow.document_type,
                "processor" if flow.direction == "inbound" else "builder",
            )
    env["integration.flow"].invalidate_model(["processor", "builder"])
