"""The settings page: the policy reference; each feature adds its settings in
``res_config_settings_<feature>.py``. Shared by all features."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sdp_policy_note = fields.Char(
        related="company_id.sdp_policy_note",
        readonly=False,
    )
