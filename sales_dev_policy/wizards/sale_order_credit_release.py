"""Collects a credit officer's reason to release one quotation (P6.3.1). Feature: credit."""

from odoo import fields, models


class SaleOrderCreditRelease(models.TransientModel):
    """A credit officer releases one sale order from the credit gate, with a reason (P6.3.1)."""

    _name = "sale.order.credit.release"
    _description = "Release a Sale Order from Credit Control"

    order_id = fields.Many2one(comodel_name="sale.order", string="Sale Order", required=True)
    refusal = fields.Text(compute="_compute_refusal", string="Credit Control Says")
    reason = fields.Text(required=True)

    def _compute_refusal(self):
        for wizard in self:
            refusals = wizard.order_id._sdp_credit_refusals()
            wizard.refusal = refusals.get(wizard.order_id, False)

    def action_release(self):
        self.ensure_one()
        self.order_id._sdp_credit_release(self.reason)
        return {"type": "ir.actions.act_window_close"}
