"""The settings page: the policy reference; each feature adds its settings in
``res_config_settings_<feature>.py``. Shared by all features."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sdp_policy_note = fields.Char(
        related="company_id.sdp_policy_note",
        readonly=False,
    )

    sdp_policy_adopted_date = fields.Datetime(related="company_id.sdp_policy_adopted_date")
    sdp_policy_adopted_by_id = fields.Many2one(related="company_id.sdp_policy_adopted_by_id")
    sdp_compliance_html = fields.Html(related="company_id.sdp_compliance_html")

    def action_sdp_apply_policy(self):
        """Adopt the policy as written for the company of the settings (P1.2): every mandatory
        clause switched on (res.company._sdp_apply_policy), then the page again."""
        self.ensure_one()
        self.company_id._sdp_apply_policy()
        return {"type": "ir.actions.client", "tag": "reload"}
