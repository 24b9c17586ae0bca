"""The log of a credit officer's release of one quotation (P6.3.1). Feature: credit."""

from odoo import api, fields, models

from .sdp_permit import raise_audit_record


class SdpCreditRelease(models.Model):
    """A credit officer's release of one sale order from the credit gate (P6.3.1), kept as a log."""

    _name = "sdp.credit.release"
    _description = "Credit Release of a Sale Order"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sale Order",
        index=True,
        ondelete="set null",
        readonly=True,
    )
    # Audit record (P6.3.1): it outlives its order; what was released for whom stays on it.
    order_name = fields.Char(string="Order Reference", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", index=True, readonly=True)
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

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            [v["order_id"] for v in vals_list if v.get("order_id")]
        )
        for vals in vals_list:
            # What was released for whom stays on the log when the order is deleted.
            order = orders.browse(vals.get("order_id"))
            vals.setdefault("order_name", order.name)
            vals.setdefault("partner_id", order.partner_id.commercial_partner_id.id)
            vals.setdefault("company_id", order.company_id.id)
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise_audit_record(self)
