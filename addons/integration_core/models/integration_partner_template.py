# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import re

from lxml import etree

from odoo import api, fields, models

from ..access import MANAGER_GROUP, check_group

# Fields of a template that are no part of its profile: never exported to a data file.
NOT_EXPORTED = {
    "id",
    "display_name",
    "active",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
}


class IntegrationPartnerTemplate(models.Model):
    """A preset profile of a common kind of partner (a retailer's EDI profile, a 3PL): the
    documents it exchanges, its transport and windows, and each spoke's own settings (EDI
    standard, version, qualifiers...). Picking one in the onboarding wizard fills the screen.
    Presets are data files (``data/integration_partner_template_*.xml`` of each module); a
    partner can be exported as one (Export as template on its form)."""

    _name = "integration.partner.template"
    _description = "Integration Partner Template"
    _order = "kind, name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    kind = fields.Selection("_kinds", required=True)
    description = fields.Text(translate=True)
    document_ids = fields.Many2many(
        "integration.onboarding.document",
        "integration_partner_template_document_rel",
        string="Documents",
    )
    transport = fields.Selection("_transports", required=True, default="api")
    sla_minutes = fields.Integer(string="Processing window (minutes)")

    @api.model
    def _kinds(self):
        """The onboarding wizard's kinds, spokes' included."""
        return self.env["integration.onboarding"]._fields["kind"].selection

    @api.model
    def _transports(self):
        return self.env["integration.onboarding"]._fields["transport"].selection

    # ------------------------------------------------------------------ export
    @api.model
    def _values_from_partner(self, partner):
        """Hook: the template values that describe ``partner`` (spokes add their profile)."""
        documents = self.env["integration.onboarding.document"].search(
            [("kind", "=", partner.kind)]
        )
        flows = partner.flow_ids.filtered("active")
        used = documents.filtered(
            lambda d: any(
                f.direction == d.direction and f.document_type == d.document_type for f in flows
            )
        )
        endpoint = partner.endpoint_ids[:1]
        inbound = flows.filtered(lambda f: f.direction == "inbound" and f.sla_minutes)
        return {
            "name": self.env._("%s profile", partner.name),
            "kind": partner.kind,
            "document_ids": [fields.Command.set(used.ids)],
            "transport": "sftp"
            if endpoint.transport == "sftp"
            else ("api" if endpoint.transport == "http" else "manual"),
            "sla_minutes": inbound[:1].sla_minutes,
        }

    @api.model
    def _from_partner(self, partner):
        """A new template of ``partner``'s profile: integration managers only."""
        check_group(self.env, MANAGER_GROUP, self.env._("Exporting a partner as a template"))
        partner.check_access("read")
        return self.create(self._values_from_partner(partner))

    def _data_file(self):
        """This template as an Odoo data file (XML) a person can add to a module's data."""
        self.ensure_one()
        root = etree.Element("odoo")
        root.append(
            etree.Comment(" License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). ")
        )
        slug = re.sub(r"[^a-z0-9]+", "_", self.name.lower()).strip("_")
        record = etree.SubElement(root, "record", id=f"partner_template_{slug}", model=self._name)
        for name, field in self._fields.items():
            if name in NOT_EXPORTED or field.compute or not self[name]:
                continue
            if field.type == "many2many":
                xmlids = filter(None, self[name].get_external_id().values())
                refs = ", ".join(f"ref('{xmlid}')" for xmlid in xmlids)
                etree.SubElement(record, "field", name=name, eval=f"[Command.set([{refs}])]")
            elif field.type == "boolean":
                etree.SubElement(record, "field", name=name, eval="True")
            else:
                etree.SubElement(record, "field", name=name).text = str(self[name])
        return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="utf-8")

    def action_download(self):
        """Download this template as a data file (integration managers)."""
        self.ensure_one()
        check_group(self.env, MANAGER_GROUP, self.env._("Downloading a template"))
        slug = re.sub(r"[^a-z0-9]+", "_", self.name.lower()).strip("_")
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"integration_partner_template_{slug}.xml",
                "datas": base64.b64encode(self._data_file()),
                "mimetype": "application/xml",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
