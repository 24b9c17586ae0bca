"""The log of exports of customer information (P4.3.1, P4.3.3): who exported what, when, how
many records and which fields. Feature: customer information."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .sdp_permit import raise_audit_record


class SdpExportLog(models.Model):
    """One export of customer information. Written by the export itself, never by a user."""

    _name = "sdp.export.log"
    _description = "Customer Data Export (Policy)"
    _order = "create_date desc, id desc"
    _rec_name = "model_name"

    user_id = fields.Many2one(
        comodel_name="res.users", string="Exported By", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", string="Company", required=True, index=True, readonly=True
    )
    model_name = fields.Char(string="Model", required=True, index=True, readonly=True)
    model_description = fields.Char(string="Records", readonly=True)
    record_count = fields.Integer(string="Records Exported", readonly=True, aggregator="sum")
    field_names = fields.Text(string="Fields", readonly=True)
    restricted = fields.Boolean(
        string="Under Export Restriction",
        readonly=True,
        help="The company restricted exports of customer information to managers (P4.3.1).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Only the export itself writes its log (as superuser, see base._sdp_log_export).
            raise AccessError(self.env._("The export log is written by the exports themselves."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The export log is the record of what left the company: it is not edited."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise_audit_record(self)
