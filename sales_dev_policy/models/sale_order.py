"""The confirmation gate of sale orders: one gate for every path that makes an order a
confirmed order (P3.7.3, P6.3.1).

The button (through Odoo's confirmation hook), a write or create of state 'sale' over RPC or
import, a cancelled quotation written back: all run ``_sdp_confirmation_refusals``, the legal part
(sale_order_legal.py) then the credit part (sale_order_credit.py) on the batch as a whole. The
portal signature and online payment hold the orders it refuses instead of raising at the customer.
Fields only the policy's flows write are refused to everyone else here, in one place.
Shared by legal and credit."""

import json
from contextvars import ContextVar

from odoo import api, fields, models
from odoo.exceptions import UserError

from .sale_order_credit import CREDIT_LINE_FIELDS, CREDIT_ORDER_FIELDS, CREDIT_PROTECTED_FIELDS
from .sale_order_incentive import INCENTIVE_ORDER_FIELDS
from .sale_order_legal import (
    LEGAL_LINE_WATCH,
    LEGAL_ORDER_WATCH,
    LEGAL_PROTECTED_FIELDS,
    TRIGGER_ORDER_FIELDS,
)
from .sdp_concurrency import serialize_on

# What a confirmed order counts against, stored when it passes the gate (P3.7.3, P6.3.1): the
# exposure, the commissions and the appraisals count the order against these, never against
# the customer as it is now (a contact re-filed under another company frees no credit).
CONFIRMED_FIELDS = {
    "sdp_confirmed_partner_id",
    "sdp_confirmed_company_id",
    "sdp_confirmed_currency_id",
    "sdp_confirmed_amount",
}
PROTECTED_ORDER_FIELDS = (
    LEGAL_PROTECTED_FIELDS
    | CREDIT_PROTECTED_FIELDS
    | CONFIRMED_FIELDS
    | INCENTIVE_ORDER_FIELDS
    | {"sdp_accepted_terms"}
)
# A change of these on a confirmed order is judged again by the gate (_sdp_confirmed_recheck).
CONFIRMED_ORDER_WATCH = LEGAL_ORDER_WATCH | CREDIT_ORDER_FIELDS | {"company_id"}
CONFIRMED_LINE_WATCH = LEGAL_LINE_WATCH | CREDIT_LINE_FIELDS


# The legal part of the gate for the orders one action_confirm confirms, judged once for the
# batch: Odoo's action_confirm asks _confirmation_error_message order by order, before it changes
# anything. Set and reset around that one call in a ContextVar, never the context (which a caller
# fills); the whole gate runs again where the state is written.
LEGAL_REFUSALS = ContextVar("sdp_legal_refusals", default=None)


class SaleOrder(models.Model):
    """The confirmation gate (P3.7.3, P6.3.1)."""

    _name = "sale.order"
    # Fields only the policy's flows write: one declaration, checked by the mixin.
    _inherit = ["sale.order", "sdp.flow.fields.mixin"]
    _sdp_flow_fields = frozenset(PROTECTED_ORDER_FIELDS)

    sdp_confirmed_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Confirmed for Customer",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The customer (commercial entity) the order was confirmed for: its credit exposure "
        "counts against this customer (P6.3.1).",
        groups="sales_team.group_sale_salesman",
    )
    sdp_confirmed_company_id = fields.Many2one(
        comodel_name="res.company",
        string="Confirmed in Company",
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    sdp_confirmed_currency_id = fields.Many2one(
        comodel_name="res.currency",
        string="Confirmed in Currency",
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    sdp_confirmed_amount = fields.Monetary(
        string="Confirmed Amount",
        currency_field="sdp_confirmed_currency_id",
        copy=False,
        readonly=True,
        help="The total the confirmation gate passed (P3.7.3, P6.3.1); a later increase is "
        "judged by the gate again.",
        groups="sales_team.group_sale_salesman",
    )

    # The terms the customer accepted online (signature or payment) while a gate held the
    # quotation: the acceptance binds to exactly these (P3.7.3).
    sdp_accepted_terms = fields.Text(
        string="Terms Accepted by the Customer",
        copy=False,
        readonly=True,
        groups="base.group_user",
    )

    def init(self):
        res = super().init()
        # Orders confirmed before these fields existed (install on a database with orders, an
        # upgrade) count against what they say at this moment: the best record there is.
        self.env.cr.execute(
            """
            UPDATE sale_order o
               SET sdp_confirmed_partner_id = p.commercial_partner_id,
                   sdp_confirmed_company_id = o.company_id,
                   sdp_confirmed_currency_id = o.currency_id,
                   sdp_confirmed_amount = o.amount_total
              FROM res_partner p
             WHERE p.id = o.partner_id
               AND o.state = 'sale'
               AND o.sdp_confirmed_partner_id IS NULL
            """
        )
        return res

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
        # A quotation created already signed or paid (RPC, import) is accepted before Legal's
        # review like any other (P3.7.3); raising rolls the creation back.
        accepted = [
            order.id
            for order, vals in zip(orders, vals_list, strict=True)
            if vals.get("signature") or vals.get("transaction_ids")
        ]
        self.browse(accepted)._sdp_legal_check_accepted(payments=True)
        # An order created directly as confirmed (RPC, import) passes the same gate as a
        # confirmation; raising rolls the creation back: nothing is kept.
        confirmed = orders.filtered(lambda o: o.state == "sale")
        confirmed._sdp_confirmation_gate()
        confirmed._sdp_confirmed_store()
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
        # A cancelled quotation written back to a quotation keeps its signature and payments:
        # judged again below (P3.7.3).
        reopened = (
            self.filtered(lambda o: o.state == "cancel")
            if vals.get("state") in ("draft", "sent")
            else self.browse()
        )
        if vals.get("state") == "sale":
            # Every path that confirms writes the state: the button (through action_confirm),
            # RPC, import, a cancelled quotation written back to 'sale'. The gate runs before
            # the write so that a refusal changes nothing.
            confirming = self.filtered(lambda o: o.state != "sale")
            confirming._sdp_confirmation_gate()
        else:
            confirming = self.browse()
        rechecked = self._sdp_confirmed_watched() if CONFIRMED_ORDER_WATCH & set(vals) else None
        # Line changes are seen by the lines themselves (SaleOrderLine, sale_order_legal.py).
        before = self._sdp_legal_snapshot() if LEGAL_ORDER_WATCH & set(vals) else {}
        res = super().write(vals)
        if vals.get("signature"):
            # Whatever the route to a signature, it binds to the terms signed.
            self._sdp_acceptance_record()
        confirming._sdp_confirmed_store()
        if rechecked:
            rechecked._sdp_confirmed_recheck()
        self._sdp_legal_reset_changed(before)
        if LEGAL_ORDER_WATCH & set(vals):
            self._sdp_acceptance_check()
        if TRIGGER_ORDER_FIELDS & set(vals):
            self._sdp_legal_update_state()
        # Whatever the route to a signature or a payment (the portal, RPC, the form), Legal
        # reviews the contract before it is signed (P3.7.3): judged on the order as the write
        # leaves it, so that a change of terms in the same write is seen.
        if vals.get("signature") or "transaction_ids" in vals or TRIGGER_ORDER_FIELDS & set(vals):
            # A change of what decides the review (company, customer, lines...) judges the
            # signature the quotation still carries.
            self._sdp_legal_check_accepted(payments="transaction_ids" in vals)
        reopened._sdp_legal_check_accepted(payments=True)
        if vals.get("state") in ("sale", "cancel"):
            # P6.3.1: a confirmed or cancelled order no longer waits for a credit release.
            self._sdp_credit_clear_hold()
            self._sdp_credit_close_todos()
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

    # ------------------------------------------------------------------
    # After the gate: a confirmed order stays what the gate passed (P3.7.3, P6.3.1)
    # ------------------------------------------------------------------

    def _sdp_confirmed_store(self):
        """Store what each order of ``self``, just confirmed, counts against."""
        for order in self:
            order._sdp_flow_write(
                {
                    "sdp_confirmed_partner_id": order.partner_id.commercial_partner_id.id,
                    "sdp_confirmed_company_id": order.company_id.id,
                    "sdp_confirmed_currency_id": order.currency_id.id,
                    "sdp_confirmed_amount": order.amount_total,
                }
            )

    def _sdp_confirmed_watched(self):
        """Confirmed orders of ``self`` a gate of the policy applies to: their changes are
        judged again. With the company's gates off (and no legal review on the order) a
        confirmed order behaves as in Odoo."""
        return self.filtered(
            lambda o: o.state == "sale"
            and (
                o.sdp_legal_state != "not_required"
                or any(
                    company.sdp_credit_order_gate or company._sdp_legal_any_trigger()
                    for company in o.company_id | o.sdp_confirmed_company_id
                )
            )
        )

    def _sdp_confirmed_recheck(self):
        """Judge the confirmed orders of ``self`` again after a change (P3.7.3, P6.3.1).

        Who the order is for, in which company and currency, never changes after confirmation:
        refused (a new quotation is the way). Any other change that the gate would now refuse
        (a total above what credit or Legal passed, terms Legal approved) is refused with the
        gate's own reasons; a change it passes is kept and becomes what the order counts.
        Raising here rolls the whole change back: nothing is kept.
        """
        orders = self._sdp_confirmed_watched()
        if not orders:
            return
        moved = orders.filtered(
            lambda o: o.sdp_confirmed_partner_id
            and (
                o.partner_id.commercial_partner_id != o.sdp_confirmed_partner_id
                or o.company_id != o.sdp_confirmed_company_id
                or o.currency_id != o.sdp_confirmed_currency_id
            )
        )
        if moved:
            raise UserError(
                self.env._(
                    "%(orders)s: the customer, company and currency of a confirmed order are "
                    "those its legal review and credit check passed (P3.7.3, P6.3.1) and cannot "
                    "be changed. Cancel the order and create a new quotation for the new "
                    "customer, company or currency.",
                    orders=", ".join(moved.mapped("name")),
                )
            )
        # The legal comparison is a non-stored compute that line changes do not invalidate.
        orders.invalidate_recordset(["sdp_legal_changes"])
        refusals = orders._sdp_confirmation_refusals()
        if refusals:
            raise UserError(
                self.env._(
                    "%(orders)s: this change of a confirmed order is refused, because the "
                    "confirmation gate would not pass the order as it would now stand "
                    "(P3.7.3, P6.3.1). Keep the order as confirmed and create a new quotation "
                    "for what is added.\n\n%(reasons)s",
                    orders=", ".join(order.name for order in refusals),
                    reasons="\n\n".join(refusals.values()),
                )
            )
        for order in orders.filtered(
            lambda o: o.currency_id.compare_amounts(o.amount_total, o.sdp_confirmed_amount)
        ):
            order._sdp_flow_write({"sdp_confirmed_amount": order.amount_total})

    def action_confirm(self):
        # Two confirmations of the same order at once (two users, two servers): the second one
        # waits here and is retried on a fresh snapshot, where Odoo refuses the order as already
        # confirmed; without this it failed on following the order twice.
        serialize_on(self)
        refusals = self._sdp_confirmation_refusals(credit=False)
        token = LEGAL_REFUSALS.set(
            (
                self.env.uid,
                self.env.su,
                frozenset(self.ids),
                {order.id: message for order, message in refusals.items()},
            )
        )
        try:
            res = super().action_confirm()
        finally:
            LEGAL_REFUSALS.reset(token)
        return res

    def _confirmation_error_message(self):
        # Odoo's own hook, asked order by order before sale's confirmation work starts: the
        # legal part of the gate answers here (judged for the whole batch by action_confirm
        # when it is the caller); the whole gate (credit on the batch as a whole included) runs
        # where the state is written, which action_confirm reaches next.
        message = super()._confirmation_error_message()
        if message:
            return message
        batch = LEGAL_REFUSALS.get()
        if batch and batch[:2] == (self.env.uid, self.env.su) and self.id in batch[2]:
            return batch[3].get(self.id)
        return self._sdp_confirmation_refusals(credit=False).get(self)

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
        (legal | credit)._sdp_acceptance_record(gated_only=False)
        return legal | credit

    def _sdp_payment_for_other_terms(self, changes):
        """The customer's payment of ``self`` was started for terms the quotations no longer
        have: it does not accept or confirm them (P3.7.3); the salesperson is told.

        Private (not callable over RPC): only the payment flow reaches it."""
        for order in self._sdp_as_odoobot():
            order.message_post(
                body=self.env._(
                    "The customer paid online for terms this quotation no longer has "
                    "(%(changes)s): the payment does not accept the quotation as it is now "
                    "and does not confirm it (P3.7.3). Send the quotation to the customer "
                    "again, and refund or reuse the payment.",
                    changes=", ".join(changes[order.id]),
                ),
                partner_ids=order.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            if order.user_id:
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=order.user_id.id,
                    summary=self.env._("Paid for other terms: send the quotation again"),
                )

    # ------------------------------------------------------------------
    # The customer's online acceptance binds to what was accepted (P3.7.3)
    # ------------------------------------------------------------------

    def _sdp_gated(self):
        """Orders of ``self`` whose company applies a gate of the policy (legal or credit)."""
        return self.filtered(
            lambda o: o.company_id.sdp_credit_order_gate
            or o.company_id._sdp_legal_any_trigger()
            or o.sdp_legal_state != "not_required"
        )

    def _sdp_acceptance_record(self, gated_only=True):
        """Record the terms the customer accepted on the quotations of ``self``."""
        orders = self.filtered(lambda o: o.state in ("draft", "sent"))
        if gated_only:
            orders = orders._sdp_gated()
        for order in orders:
            # sudo: the customer acts as a portal or public user; the field is the flow's own.
            order.sudo()._sdp_flow_write(
                {"sdp_accepted_terms": json.dumps(order._sdp_legal_terms_dict())}
            )

    def _sdp_acceptance_changes(self):
        """What the quotation says differently from what the customer accepted, if anything."""
        self.ensure_one()
        # sudo: the accepted terms are the order's own, read to compare.
        accepted = self.sudo().sdp_accepted_terms
        return self._sdp_legal_terms_diff(json.loads(accepted)) if accepted else []

    def _sdp_acceptance_check(self):
        """Clear the acceptance of quotations changed after the customer accepted them: the
        customer never accepted the new terms, so no approval or release may confirm them
        "because the customer accepted" (P3.7.3)."""
        # sudo: a yes/no per order, on the flow's own field (one read for the batch).
        accepted = self.sudo().filtered(
            lambda o: o.sdp_accepted_terms and o.state in ("draft", "sent")
        )
        for order in self.browse(accepted.ids):
            changes = order._sdp_acceptance_changes()
            if changes:
                order._sdp_acceptance_clear(changes)

    def _sdp_acceptance_clear(self, changes):
        self.ensure_one()
        # sudo: clears the customer's signature and the flow's own hold flags, after a change
        # the user was allowed to make; nothing is granted.
        order = self.sudo()
        order.write({"signature": False, "signed_by": False, "signed_on": False})
        order._sdp_flow_write(
            {"sdp_accepted_terms": False, "sdp_legal_is_held": False, "sdp_credit_is_held": False}
        )
        self.message_post(
            body=self.env._(
                "The customer accepted this quotation online, but it has changed since "
                "(%(changes)s): the customer's acceptance no longer matches it and is cleared "
                "(P3.7.3). Send the quotation to the customer again.",
                changes=", ".join(changes),
            ),
            subtype_xmlid="mail.mt_note",
        )

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


class SaleOrderLine(models.Model):
    """A line added, changed or removed on a confirmed order is judged again (P3.7.3, P6.3.1)."""

    _inherit = "sale.order.line"  # pylint: disable=consider-merging-classes-inherited

    def _sdp_is_invoicing_line(self):
        """A down payment as Odoo adds it (no quantity sold): the order's invoicing, not its
        terms. A down-payment line that sells a quantity changes what the order is worth."""
        self.ensure_one()
        return self.is_downpayment and not self.product_uom_qty

    def _sdp_confirmed_orders(self):
        # Down payments are the order's invoicing, not its terms: Odoo adds and updates them on
        # confirmed orders.
        return self.filtered(lambda line: not line._sdp_is_invoicing_line()).order_id.filtered(
            lambda o: o.state == "sale"
        )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # A down payment asks the customer to pay the quotation (Odoo's down-payment invoice):
        # not before Legal approved it (P3.7.3).
        lines.filtered("is_downpayment").order_id._sdp_legal_check_signable()
        lines._sdp_confirmed_orders()._sdp_confirmed_recheck()
        lines.order_id._sdp_acceptance_check()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if CONFIRMED_LINE_WATCH & set(vals):
            self._sdp_confirmed_orders()._sdp_confirmed_recheck()
            self.order_id._sdp_acceptance_check()
        return res

    def unlink(self):
        orders = self.order_id
        confirmed = self._sdp_confirmed_orders()
        res = super().unlink()
        confirmed.exists()._sdp_confirmed_recheck()
        orders.exists()._sdp_acceptance_check()
        return res
