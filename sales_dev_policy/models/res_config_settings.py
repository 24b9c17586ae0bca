from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sdp_policy_note = fields.Char(
        related="company_id.sdp_policy_note",
        readonly=False,
    )

    # --- ACCESS (P4 customer information, P4.3.3 access model) ---
    sdp_restrict_customers = fields.Boolean(
        related="company_id.sdp_restrict_customers",
        readonly=False,
    )
    sdp_restrict_export = fields.Boolean(
        related="company_id.sdp_restrict_export",
        readonly=False,
    )
    sdp_review_interval_days = fields.Integer(
        related="company_id.sdp_review_interval_days",
        readonly=False,
    )
