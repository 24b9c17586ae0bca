"""The settings page: the policy reference; each feature adds its settings in
``res_config_settings_<feature>.py``. Shared by all features."""

from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sdp_policy_note = fields.Char(
        related="company_id.sdp_policy_note",
        readonly=False,
    )

    sdp_policy_adopted_date = fields.Datetime(related="company_id.sdp_policy_adopted_date")
    sdp_policy_adopted_by_id = fields.Many2one(related="company_id.sdp_policy_adopted_by_id")
    sdp_compliance_html = fields.Html(related="company_id.sdp_compliance_html")
    # Not related: the settings are written one by one, and the reason must come with the
    # change it explains (res.company.write reads it from the context).
    sdp_policy_relax_reason = fields.Char(
        string="Reason for Relaxing",
        help="Why a mandatory clause of the policy the company adopted is switched off: "
        "required with the change, logged with it (P1.2).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        reason = next((v.get("sdp_policy_relax_reason") for v in vals_list if v), None)
        settings = self.with_context(sdp_policy_relax_reason=reason) if reason else self
        return super(ResConfigSettings, settings).create(vals_list)

    def action_sdp_apply_policy(self):
        """Adopt the policy as written for the company of the settings (P1.2): every mandatory
        clause switched on (res.company._sdp_apply_policy), then the page again."""
        self.ensure_one()
        self.company_id._sdp_apply_policy()
        return {"type": "ir.actions.client", "tag": "reload"}
