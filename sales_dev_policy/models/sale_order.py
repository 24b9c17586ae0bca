"""The confirmation gate of sale orders: one gate for every path that makes an order a
confirmed order (P3.7.3, P6.3.1).

The button (through Odoo's confirmation hook), a write or create of state 'sale' over RPC or
import, a cancelled quotation written back: all run ``_sdp_confirmation_refusals``, the legal part
(sale_order_legal.py) then the credit part (sale_order_credit.py) on the batch as a whole. The
portal signature and online payment hold the orders it refuses instead of raising at the customer.
Fields only the policy's flows write are refused to everyone else here, in one place.
Shared by legal and credit."""

from odoo import api, models
from odoo.exceptions import UserError

from .sale_order_credit import CREDIT_ORDER_FIELDS, CREDIT_PROTECTED_FIELDS
from .sale_order_legal import LEGAL_ORDER_TERMS, LEGAL_PROTECTED_FIELDS, TRIGGER_ORDER_FIELDS
from .sdp_concurrency import serialize_on

PROTECTED_ORDER_FIELDS = LEGAL_PROTECTED_FIELDS | CREDIT_PROTECTED_FIELDS


class SaleOrder(models.Model):
    """The confirmation gate (P3.7.3, P6.3.1)."""

    _name = "sale.order"
    # Fields only the policy's flows write: one declaration, checked by the mixin.
    _inherit = ["sale.order", "sdp.flow.fields.mixin"]
    _sdp_flow_fields = frozenset(PROTECTED_ORDER_FIELDS)

    def _sdp_flow_fields_error(self, protected):
        return self.env._(
            "%(orders)s: %(fields)s are set by the policy's flows only: submitting the order to "
            "Legal and a Legal Reviewer's decision (P3.7.3), a credit officer's release (P6.3.1), "
            "the customer's online acceptance; not written directly.",
            orders=self._sdp_flow_records_label(),
            fields=self._sdp_flow_fields_label(protected),
        )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._sdp_legal_update_state()
        # An order created directly as confirmed (RPC, import) passes the same gate as a
        # confirmation; raising rolls the creation back: nothing is kept.
        orders.filtered(lambda o: o.state == "sale")._sdp_confirmation_gate()
        return orders

    def write(self, vals):
        if "date_order" in vals and not self.env.su:
            confirmed = self.filtered(lambda o: o.state == "sale")
            if confirmed:
                # The order date of a confirmed order dates the sale in the commissions and
                # appraisals (P5.1.1, P5.2.1): moving it would move the sale to another month.
                raise UserError(
                    self.env._(
                        "%(orders)s: the order date of a confirmed order is the date of the sale "
                        "for commissions and appraisals (P5.1.1, P5.2.1) and cannot be changed.",
                        orders=", ".join(confirmed.mapped("name")),
                    )
                )
        if vals.get("state") == "sale":
            # Every path that confirms writes the state: the button (through action_confirm),
            # RPC, import, a cancelled quotation written back to 'sale'. The gate runs before
            # the write so that a refusal changes nothing.
            self.filtered(lambda o: o.state != "sale")._sdp_confirmation_gate()
        # Line changes are seen by the lines themselves (SaleOrderLine, sale_order_legal.py).
        before = self._sdp_legal_snapshot() if set(LEGAL_ORDER_TERMS) & set(vals) else {}
        res = super().write(vals)
        self._sdp_legal_reset_changed(before)
        if TRIGGER_ORDER_FIELDS & set(vals):
            self._sdp_legal_update_state()
        if vals.get("state") in ("sale", "cancel"):
            # P6.3.1: a confirmed or cancelled order no longer waits for a credit release.
            self._sdp_credit_clear_hold()
        elif CREDIT_ORDER_FIELDS & set(vals):
            self._sdp_credit_update_hold()
        return res

    def _sdp_confirmation_refusals(self, credit=True):
        """``{order: message}``: the orders of ``self`` that may not become confirmed orders.

        The one gate of a confirmation: legal review approved for what the order says now
        (P3.7.3), then credit (P6.3.1) on the batch as a whole (quotations of one customer
        confirmed together count together).
        """
        refusals = {
            order: order._sdp_legal_refusal() for order in self._sdp_legal_blocks_confirmation()
        }
        if credit:
            for order, message in self._sdp_credit_refusals(lock=True).items():
                refusals[order] = f"{refusals[order]}\n{message}" if order in refusals else message
        return refusals

    def _sdp_confirmation_gate(self):
        refusals = self._sdp_confirmation_refusals()
        if refusals:
            raise UserError("\n\n".join(refusals.values()))

    def action_confirm(self):
        # Two confirmations of the same order at once (two users, two servers): the second one
        # waits here and is retried on a fresh snapshot, where Odoo refuses the order as already
        # confirmed; without this it failed on following the order twice.
        serialize_on(self)
        return super().action_confirm()

    def _confirmation_error_message(self):
        # Odoo's own hook, asked order by order before sale's confirmation work starts: the
        # legal part of the gate answers here; the whole gate (credit on the batch as a whole
        # included) runs where the state is written, which action_confirm reaches next.
        return super()._confirmation_error_message() or self._sdp_confirmation_refusals(
            credit=False
        ).get(self)

    def _sdp_hold_refused(self):
        """The customer accepted ``self`` online (signature, payment): hold the orders the gate
        refuses instead of raising at the customer, tell the people concerned, and return them.

        Private (not callable over RPC): only the portal and payment flows reach it.
        """
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        legal = quotations._sdp_legal_blocks_confirmation()
        refusals = (quotations - legal)._sdp_credit_refusals()
        credit = self.browse([order.id for order in refusals])
        legal._sdp_legal_hold()
        credit._sdp_credit_hold(refusals)
        return legal | credit

    def _validate_order(self):
        # Portal signature (sale/controllers/portal.py portal_quote_accept) confirms through
        # here: the orders the gate refuses wait instead of raising at the customer.
        held = self._sdp_hold_refused()
        if self - held:
            return super(SaleOrder, self - held)._validate_order()
        return None

    def _sdp_as_odoobot(self):
        """``self`` as OdooBot, for the notes and activities the policy creates while the
        customer acts (portal signature, online payment). That runs as the public or a portal
        user, who may have no e-mail address, and a notification without a sender is never
        delivered ("You must either provide a sender address"). OdooBot signs them, as it signs
        Odoo's own automated messages."""
        # with_user(SUPERUSER_ID) is sudo as OdooBot: only internal notes and activities for
        # the order's salesperson, reviewers and credit officers are created with it.
        return self.with_user(api.SUPERUSER_ID)
