from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        # P3.7.3: an online payment must not confirm an order Legal has not approved; the
        # order waits (sale.order._sdp_legal_hold) instead of failing the payment flow.
        confirmed = super(
            PaymentTransaction, self.with_context(sdp_legal_hold=True)
        )._check_amount_and_confirm_order()
        return confirmed.filtered(lambda order: order.state == "sale")
