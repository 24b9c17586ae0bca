"""Online payment reaches the confirmation gate of sale orders (P3.7.3, P6.3.1). Shared by
legal and credit."""

from odoo import api, models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    @api.model_create_multi
    def create(self, vals_list):
        transactions = super().create(vals_list)
        # Paying accepts the quotation: whatever the route that pays (the order's transaction
        # route, the generic payment link, a token, RPC), a quotation Legal has not approved is
        # not paid (P3.7.3). Raising rolls the transaction back.
        transactions.sale_order_ids._sdp_legal_check_signable()
        return transactions

    def write(self, vals):
        res = super().write(vals)
        if "sale_order_ids" in vals:
            self.sale_order_ids._sdp_legal_check_signable()
        return res

    def _check_amount_and_confirm_order(self):
        # P3.7.3, P6.3.1: an online payment must not confirm an order the confirmation gate
        # refuses, nor fail the customer's payment: such orders wait (on hold, the people
        # concerned told) and only the others go on to sale's own confirmation.
        quotations = self.filtered(lambda tx: len(tx.sale_order_ids) == 1).sale_order_ids.filtered(
            lambda so: so.state in ("draft", "sent") and so._is_confirmation_amount_reached()
        )
        held = quotations._sdp_hold_refused()
        return super(
            PaymentTransaction, self.filtered(lambda tx: not tx.sale_order_ids & held)
        )._check_amount_and_confirm_order()
