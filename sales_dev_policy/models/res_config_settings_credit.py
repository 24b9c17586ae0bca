"""Credit settings (P6.3). Feature: credit."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    sdp_credit_order_gate = fields.Boolean(
        related="company_id.sdp_credit_order_gate", readonly=False
    )
    sdp_credit_lead_gate = fields.Boolean(related="company_id.sdp_credit_lead_gate", readonly=False)
    sdp_credit_overdue_days = fields.Integer(
        related="company_id.sdp_credit_overdue_days", readonly=False
    )
    sdp_credit_watch_mode = fields.Selection(
        related="company_id.sdp_credit_watch_mode", readonly=False
    )
    sdp_credit_watch_reduction = fields.Float(
        related="company_id.sdp_credit_watch_reduction", readonly=False
    )
