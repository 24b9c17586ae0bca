from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sdp_policy_note = fields.Char(
        related="company_id.sdp_policy_note",
        readonly=False,
    )

    # PIPELINE (P3)
    sdp_pipeline_no_skip = fields.Boolean(
        related="company_id.sdp_pipeline_no_skip",
        readonly=False,
    )
    sdp_pipeline_back_reason = fields.Boolean(
        related="company_id.sdp_pipeline_back_reason",
        readonly=False,
    )
