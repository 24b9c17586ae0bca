from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sdp_policy_note = fields.Char(
        related="company_id.sdp_policy_note",
        readonly=False,
    )
