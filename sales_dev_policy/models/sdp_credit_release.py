from odoo import fields, models


class SdpCreditRelease(models.Model):
    """A credit officer's release of one sale order from the credit gate (P6.3.1), kept as a log."""

    _name = "sdp.credit.release"
    _description = "Credit Release of a Sale Order"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sale Order",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, string="Customer")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    user_id = fields.Many2one(
        comodel_name="res.users", string="Released By", required=True, readonly=True
    )
    reason = fields.Text(required=True, readonly=True)
    amount_total = fields.Monetary(
        string="Order Amount", currency_field="order_currency_id", readonly=True
    )
    order_currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    exposure = fields.Monetary(
        string="Exposure at Release", currency_field="currency_id", readonly=True
    )
    credit_limit = fields.Monetary(currency_field="currency_id", readonly=True)
    refusal = fields.Text(string="Refusal Released", readonly=True)
