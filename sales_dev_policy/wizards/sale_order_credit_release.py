"""Collects a credit officer's reason to release one quotation (P6.3.1). Feature: credit."""

from odoo import fields, models


class SaleOrderCreditRelease(models.TransientModel):
    """A credit officer releases one sale order from the credit gate, with a reason (P6.3.1)."""

    _name = "sale.order.credit.release"
    _description = "Release a Sale Order from Credit Control"

    order_id = fields.Many2one(comodel_name="sale.order", string="Sale Order", required=True)
    refusal = fields.Text(compute="_compute_refusal", string="Credit Control Says")
    reason = fields.Text(required=True)
    # What the officer decides on, on the same screen (P6.3.1, P6.3.2): the order and the
    # customer's credit as the order form shows it.
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    salesperson_id = fields.Many2one(related="order_id.user_id", string="Salesperson")
    amount_total = fields.Monetary(related="order_id.amount_total", string="Order Total")
    currency_id = fields.Many2one(related="order_id.currency_id", string="Order Currency")
    company_currency_id = fields.Many2one(
        related="order_id.company_id.currency_id", string="Company Currency"
    )
    credit_state = fields.Selection(
        related="order_id.sdp_credit_state", string="Customer Credit Status"
    )
    credit_limit = fields.Monetary(
        related="order_id.sdp_credit_limit",
        string="Credit Limit in Force",
        currency_field="company_currency_id",
    )
    credit_exposure = fields.Monetary(
        related="order_id.sdp_credit_exposure",
        string="Exposure with this Order",
        currency_field="company_currency_id",
    )
    credit_available = fields.Monetary(
        related="order_id.sdp_credit_available",
        string="Credit Available after this Order",
        currency_field="company_currency_id",
    )

    def _compute_refusal(self):
        for wizard in self:
            refusals = wizard.order_id._sdp_credit_refusals()
            wizard.refusal = refusals.get(wizard.order_id, False)

    def action_release(self):
        self.ensure_one()
        self.order_id._sdp_credit_release(self.reason)
        return {"type": "ir.actions.act_window_close"}
