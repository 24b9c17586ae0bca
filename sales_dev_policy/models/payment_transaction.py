"""Online payment reaches the confirmation gate of sale orders (P3.7.3, P6.3.1). Shared by
legal and credit."""

import json

from odoo import api, fields, models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    # What the customer pays for: the terms of each quotation of a policy gate when the payment
    # started. A payment binds to those terms, as a signature does (P3.7.3).
    sdp_order_terms = fields.Text(
        string="Terms Paid For", readonly=True, copy=False, groups="base.group_system"
    )

    def _sdp_paid_orders(self):
        """Quotations the payments of ``self`` pay: linked directly, or through the invoices of
        their down payments."""
        # sudo: the orders behind the payments, read to judge them; nothing is returned to the
        # caller.
        transactions = self.sudo()
        return transactions.sale_order_ids | (
            transactions.invoice_ids.invoice_line_ids.sale_line_ids.order_id
        )

    @api.model_create_multi
    def create(self, vals_list):
        transactions = super().create(vals_list)
        # Paying accepts the quotation: whatever the route that pays (the order's transaction
        # route, the generic payment link, a down-payment invoice, a token, RPC), a quotation
        # Legal has not approved is not paid (P3.7.3). Raising rolls the transaction back.
        transactions._sdp_paid_orders()._sdp_legal_check_signable()
        transactions._sdp_record_terms()
        return transactions

    def write(self, vals):
        res = super().write(vals)
        if "sale_order_ids" in vals or "invoice_ids" in vals:
            self._sdp_paid_orders()._sdp_legal_check_signable()
            self._sdp_record_terms()
        return res

    def _sdp_record_terms(self):
        for tx in self.sudo():  # sudo: the flow's own field, written for the customer's payment
            quotations = tx.sale_order_ids.filtered(lambda o: o.state in ("draft", "sent"))
            gated = quotations._sdp_gated()
            terms = (
                json.dumps({str(order.id): order._sdp_legal_terms_dict() for order in gated})
                if gated
                else False
            )
            # Written only when there is something to record: a payment of an order no legal
            # review concerns (every payment, with the review off) costs no UPDATE.
            if tx.sdp_order_terms != terms:
                tx.sdp_order_terms = terms

    def _sdp_terms_changed(self):
        """``{order id: [what changed]}`` of the quotations of ``self`` changed since the
        payment started: the customer paid for other terms (P3.7.3)."""
        changed = {}
        for tx in self.sudo():  # sudo: the flow's own field, compared with the order's terms
            terms = json.loads(tx.sdp_order_terms) if tx.sdp_order_terms else {}
            for order in tx.sale_order_ids:
                paid_for = terms.get(str(order.id))
                changes = paid_for and order._sdp_legal_terms_diff(paid_for)
                if changes:
                    changed[order.id] = changes
        return changed

    def _check_amount_and_confirm_order(self):
        # P3.7.3, P6.3.1: an online payment must not confirm an order the confirmation gate
        # refuses, nor fail the customer's payment: such orders wait (on hold, the people
        # concerned told) and only the others go on to sale's own confirmation. A quotation
        # changed since the payment started is not accepted by it: the customer paid for
        # other terms.
        changes = self._sdp_terms_changed()
        changed = self.env["sale.order"].browse(list(changes))
        changed._sdp_payment_for_other_terms(changes)
        quotations = self.filtered(lambda tx: len(tx.sale_order_ids) == 1).sale_order_ids.filtered(
            lambda so: so.state in ("draft", "sent")
            and so not in changed
            and so._is_confirmation_amount_reached()
        )
        held = quotations._sdp_hold_refused()
        return super(
            PaymentTransaction, self.filtered(lambda tx: not tx.sale_order_ids & (held | changed))
        )._check_amount_and_confirm_order()
