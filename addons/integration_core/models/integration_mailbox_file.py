# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationMailboxFile(models.Model):
    """The exactly-once ledger of files picked up from partners' mailboxes.

    A row is committed with the file's messages (``stored``) before the remote file is
    moved away, and marked ``done`` after: a file whose move failed is recognised on the
    next poll by its name, size and SHA-256 and only moved, never stored again. The unique
    key makes two overlapping polls of one flow store a file once. Written by polls only.
    """

    _name = "integration.mailbox.file"
    _description = "Integration Mailbox File"
    _order = "id desc"

    flow_id = fields.Many2one(
        "integration.flow", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="flow_id.company_id", store=True, index=True)
    name = fields.Char(string="Remote name", required=True, readonly=True)
    directory = fields.Char(readonly=True)
    size = fields.Integer(readonly=True)
    mtime = fields.Float(string="Remote mtime", readonly=True)
    sha256 = fields.Char(string="SHA-256", required=True, readonly=True)
    message_ids = fields.Many2many(
        "integration.message",
        "integration_mailbox_file_message_rel",
        "file_id",
        "message_id",
        string="Messages",
        readonly=True,
        help="The message made of the file, or one per member of a zip archive.",
    )
    state = fields.Selection(
        [("stored", "Stored, not moved yet"), ("done", "Moved away")],
        required=True,
        default="stored",
        readonly=True,
        index=True,
    )
    done_at = fields.Datetime(readonly=True)
    archive_attachment_id = fields.Many2one(
        "ir.attachment", string="Archive", readonly=True, help="The zip archive as received."
    )

    _sql_constraints = [
        (
            "file_unique",
            "unique(flow_id, name, size, sha256)",
            "This file was already picked up by this flow.",
        ),
    ]
