"""Legal review of contracts before confirmation (P3.7.2, P3.7.3, P6.4).

The company's triggers say which quotations need review; a submission opens a review round and
stores the terms it covers; a Legal Reviewer other than the salesperson, creator or submitter
decides; any change of those terms resets the review; an order the customer accepted online waits
for the approval. The confirmation gate itself is in sale_order.py. Feature: legal."""

import json

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount

from .sdp_concurrency import serialize_on
from .sdp_duties import ensure_not_involved
from .sdp_legal_review import CHECKLIST_FIELDS

LEGAL_STATES = [
    ("not_required", "Not Required"),
    ("to_submit", "To Submit"),
    ("under_review", "Under Review"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
# Fields only the legal review flow writes (submission, decision, the customer's online
# acceptance), through sudo after its own checks.
LEGAL_PROTECTED_FIELDS = {
    "sdp_legal_state",
    "sdp_legal_review_ids",
    "sdp_legal_is_held",
    "sdp_legal_terms",
}
# What a legal approval covers (P3.7.2: the parties, price, payment, delivery time and the terms
# and conditions of the contract; P3.7.3): the order's terms and each line's. Any change after
# submission resets the review; a change the ORM never sees (a compute, "update prices") is caught
# at confirmation, where the order must still say what Legal approved.
LEGAL_ORDER_TERMS = (
    "partner_id",
    "partner_invoice_id",
    "partner_shipping_id",
    "currency_id",
    "pricelist_id",
    "payment_term_id",
    "fiscal_position_id",
    "note",
    "commitment_date",
    "validity_date",
    "opportunity_id",
    # The share the customer prepays online (P3.7.2: payment).
    "prepayment_percent",
)
# Each line's delivery lead time (P3.7.2: delivery time), kept apart from the lines' terms so
# that terms stored before it was one compare as they were.
LINE_LEAD_TIME = "customer_lead"
LEGAL_LINE_TERMS = (
    "display_type",
    "product_id",
    "name",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "tax_id",
)
# Writes that may change the terms: the terms above and the documents signed with them.
LEGAL_ORDER_WATCH = frozenset(LEGAL_ORDER_TERMS) | {
    "quotation_document_ids",
    "customizable_pdf_form_fields",
}
LEGAL_LINE_WATCH = frozenset(LEGAL_LINE_TERMS) | {"product_document_ids", LINE_LEAD_TIME}
# Fields that feed the "is review required" triggers.
TRIGGER_ORDER_FIELDS = {
    "partner_id",
    "payment_term_id",
    "pricelist_id",
    "currency_id",
    "opportunity_id",
    "company_id",
    "order_line",
}
LEGAL_ACTIVITY = "sales_dev_policy.mail_activity_type_sdp_legal_review"
LEGAL_GROUP = "sales_dev_policy.group_sdp_legal_reviewer"


# Odoo's PDF quote builder (sale_pdf_quote_builder, auto-installed with Sales): the header,
# footer and product documents sent with the quotation are terms the customer signs.
DOCUMENT_ORDER_FIELD = "quotation_document_ids"
DOCUMENT_LINE_FIELD = "product_document_ids"


def _documents_value(documents):
    """The documents as signed: which ones and their content (a manager may replace a shared
    document's file after the review)."""
    # sudo: reads only ids and content checksums, to compare; nothing is shown.
    return sorted([doc.id, doc.checksum or False] for doc in documents.sudo())


def _term_value(record, fname):
    """A JSON-comparable value of ``record[fname]`` for the approved terms."""
    value = record[fname]
    field = record._fields[fname]
    if field.type == "many2one":
        return value.id or False
    if field.type in ("many2many", "one2many"):
        return sorted(value.ids)
    if field.type in ("date", "datetime"):
        return fields.Datetime.to_string(value) if value else False
    if field.type == "html":
        return str(value or "")
    return value


class SaleOrder(models.Model):
    """Legal review of the order (P3.7.3, P6.4)."""

    # A feature's part of the model lives in its file (docs/development.md, Where code lives).
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    sdp_legal_state = fields.Selection(
        selection=LEGAL_STATES,
        string="Legal Review",
        default="not_required",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Legal review of the contract before confirmation (P3.7.3): maintained from the "
        "company's review triggers, the submissions and the reviewers' decisions.",
        groups="base.group_user",
    )

    sdp_legal_review_ids = fields.One2many(
        comodel_name="sdp.legal.review",
        inverse_name="order_id",
        string="Legal Review Rounds",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )

    sdp_legal_is_held = fields.Boolean(
        string="Waiting for Legal Review",
        readonly=True,
        copy=False,
        help="The customer signed or paid online but the order needs an approved legal review "
        "first; it is confirmed when Legal approves (P3.7.3).",
        groups="base.group_user",
    )

    sdp_legal_terms = fields.Text(
        string="Terms under Legal Review",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The order's terms as submitted to Legal (JSON): a legal approval covers exactly "
        "these (P3.7.2, P3.7.3).",
    )

    sdp_legal_changes = fields.Text(
        string="Changed since Legal's Review",
        compute="_compute_sdp_legal_changes",
        help="What the order says differently from what was submitted to Legal: the order "
        "cannot be confirmed before it is submitted and approved again (P3.7.3).",
        groups="base.group_user",
    )

    sdp_legal_reasons = fields.Text(
        string="Why Legal Review",
        compute="_compute_sdp_legal_reasons",
        help="The company's triggers that make this order need legal review.",
        groups="base.group_user",
    )

    sdp_legal_can_decide = fields.Boolean(
        string="May Decide the Legal Review",
        compute="_compute_sdp_legal_can_decide",
        help="The current user may approve or reject this order's legal review.",
        groups="base.group_user",
    )

    sdp_legal_signing_blocked = fields.Boolean(
        string="Waiting for Legal before Signing",
        compute="_compute_sdp_legal_signing_blocked",
        help="The customer cannot sign or pay this quotation online before Legal approves it "
        "(P3.7.3).",
        groups="base.group_user",
    )

    def _sdp_legal_state_label(self, state):
        """The legal review state as the user reads it, in their language."""
        return dict(self._fields["sdp_legal_state"]._description_selection(self.env))[state]

    def _sdp_legal_terms_dict(self):
        """What a legal approval covers, as a JSON-comparable dict (see LEGAL_ORDER_TERMS)."""
        self.ensure_one()
        terms = {fname: _term_value(self, fname) for fname in LEGAL_ORDER_TERMS}
        terms["lines"] = {
            str(line.id): [_term_value(line, fname) for fname in LEGAL_LINE_TERMS]
            + ([_documents_value(line.product_document_ids)] if DOCUMENT_LINE_FIELD in line else [])
            # Down payments are how the order is invoiced (Odoo adds them with no quantity),
            # not terms of the contract; a down-payment line that sells a quantity is a term.
            for line in self.order_line
            if not line._sdp_is_invoicing_line()
        }
        terms["lead_times"] = {
            str(line.id): line[LINE_LEAD_TIME]
            for line in self.order_line
            if not line._sdp_is_invoicing_line()
        }
        if DOCUMENT_ORDER_FIELD in self:
            # The documents the customer signs with the quotation (Odoo's PDF quote builder,
            # installed with Sales): which ones, their content, and what was filled in.
            terms["documents"] = _documents_value(self.quotation_document_ids)
            terms["document_fields"] = self.customizable_pdf_form_fields or False
        return terms

    def _sdp_legal_terms_diff(self, old_terms):
        """Labels of what differs between ``old_terms`` and the order's terms now."""
        self.ensure_one()
        new_terms = self._sdp_legal_terms_dict()
        # A term added to the list in a later version is compared once it was stored.
        labels = [
            self._fields[fname]._description_string(self.env)
            for fname in LEGAL_ORDER_TERMS
            if fname in old_terms and old_terms[fname] != new_terms[fname]
        ]
        old_leads = old_terms.get("lead_times")
        if old_leads is not None and any(
            old_leads[key] != new_terms["lead_times"][key]
            for key in set(old_leads) & set(new_terms["lead_times"])
        ):
            labels.append(
                self.env._(
                    "Order lines (%(fields)s)",
                    fields=self.env["sale.order.line"]
                    ._fields[LINE_LEAD_TIME]
                    ._description_string(self.env),
                )
            )
        # Terms recorded before the documents were part of them compare without them.
        size = len(LEGAL_LINE_TERMS)
        if any(
            key in old_terms and old_terms[key] != new_terms.get(key)
            for key in ("documents", "document_fields")
        ) or any(
            old_line[size:] and old_line[size:] != new_terms["lines"].get(key, [])[size:]
            for key, old_line in old_terms.get("lines", {}).items()
            if key in new_terms["lines"]
        ):
            labels.append(self.env._("Quotation documents"))
        old_lines, new_lines = old_terms.get("lines", {}), new_terms["lines"]
        line_model = self.env["sale.order.line"]
        if set(new_lines) - set(old_lines):
            labels.append(self.env._("Order lines (added)"))
        if set(old_lines) - set(new_lines):
            labels.append(self.env._("Order lines (removed)"))
        changed = {
            fname
            for key in set(old_lines) & set(new_lines)
            for fname, old, new in zip(
                LEGAL_LINE_TERMS, old_lines[key], new_lines[key], strict=False
            )
            if old != new
        }
        if changed:
            labels.append(
                self.env._(
                    "Order lines (%(fields)s)",
                    fields=", ".join(
                        line_model._fields[f]._description_string(self.env)
                        for f in LEGAL_LINE_TERMS
                        if f in changed
                    ),
                )
            )
        return labels

    @api.depends("sdp_legal_state", "sdp_legal_terms")
    @api.depends_context("uid")
    def _compute_sdp_legal_changes(self):
        for order in self:
            # sudo: the stored terms are the order's own, read to compare with what it says.
            stored = order.sudo().sdp_legal_terms
            changes = []
            if stored and order.sdp_legal_state in ("under_review", "approved"):
                changes = order._sdp_legal_terms_diff(json.loads(stored))
            order.sdp_legal_changes = ", ".join(changes) or False

    @api.depends(
        "order_line.product_id",
        "amount_total",
        "payment_term_id",
        "opportunity_id.stage_id",
        "company_id",
    )
    def _compute_sdp_legal_reasons(self):
        for order in self:
            order.sdp_legal_reasons = "\n".join(order._sdp_legal_review_reasons()) or False

    @api.depends("user_id", "sdp_legal_state")
    @api.depends_context("uid")
    def _compute_sdp_legal_can_decide(self):
        is_reviewer = self.env.user.has_group(LEGAL_GROUP)
        for order in self:
            order.sdp_legal_can_decide = (
                is_reviewer
                and order.sdp_legal_state == "under_review"
                and self.env.user not in order.user_id | order.create_uid
                # sudo: who submitted the rounds, to hide the buttons from them (four eyes).
                and self.env.user not in order.sdp_legal_review_ids.sudo().submitted_by_id
            )

    @api.depends_context("uid")
    def _compute_sdp_legal_signing_blocked(self):
        for order in self:
            order.sdp_legal_signing_blocked = order._sdp_legal_signing_blocked()

    def _sdp_legal_signing_blocked(self):
        """Whether the customer may not sign or pay ``self`` yet (P3.7.3: every contract is
        reviewed before it is signed): its company has customers sign only what Legal approved,
        and its review does not approve what it says now. Read-only (the portal asks while it
        renders): a state left behind by a trigger switched on later is judged afresh."""
        self.ensure_one()
        if self.state not in ("draft", "sent") or not self.company_id.sdp_legal_before_signing:
            return False
        state = self.sdp_legal_state
        if state in ("to_submit", "under_review", "rejected"):
            return True
        if state == "approved":
            # sudo: the stored terms are the order's own, read to compare with what it says.
            stored = self.sudo().sdp_legal_terms
            return bool(stored and self._sdp_legal_terms_diff(json.loads(stored)))
        return bool(self._sdp_legal_review_reasons())

    def _sdp_legal_signing_refusal(self):
        """What the customer (or whoever signs or pays for them) is told (P3.7.3)."""
        self.ensure_one()
        return self.env._(
            "Quotation %(order)s is being reviewed before it can be signed or paid (every "
            "contract is reviewed by Legal before signing, P3.7.3). It can be accepted once the "
            "review is complete; the salesperson will send it again.",
            order=self.name,
        )

    def _sdp_legal_check_signable(self):
        """Refuse the signature or payment of quotations Legal has not approved (P3.7.3)."""
        for order in self:
            if order._sdp_legal_signing_blocked():
                raise ValidationError(order._sdp_legal_signing_refusal())

    def _sdp_legal_check_accepted(self, payments=False):
        """Refuse quotations of ``self`` that carry the customer's acceptance (a signature; with
        ``payments``, a payment transaction) of terms Legal has not approved (P3.7.3): checked
        after a write, so that a signature written together with a change of terms, or on a
        cancelled quotation then reopened, is judged on what the quotation says afterwards."""
        # sudo: yes/no reads of the order's own signature and payments, to refuse.
        for order in self.sudo().with_context(bin_size=True):
            accepted = order.signature or (payments and order.transaction_ids)
            if accepted and order._sdp_legal_signing_blocked():
                raise ValidationError(order._sdp_legal_signing_refusal())

    def _has_to_be_signed(self):
        # The portal shows no sign button, and Odoo's accept route refuses, while Legal has not
        # approved what the quotation says (P3.7.3).
        return super()._has_to_be_signed() and not self._sdp_legal_signing_blocked()

    def _has_to_be_paid(self):
        # Paying accepts the quotation as much as signing does (P3.7.3).
        return super()._has_to_be_paid() and not self._sdp_legal_signing_blocked()

    def _sdp_legal_review_reasons(self):
        """Why ``self`` needs legal review under its company's triggers (P3.7.3, P6.4).

        Returns a list of human-readable reasons; empty when no review is needed.
        """
        self.ensure_one()
        company = self.company_id
        if not company._sdp_legal_any_trigger():
            return []
        reasons = []
        if company.sdp_legal_on_every_order:
            reasons.append(
                self.env._(
                    "%(company)s has every contract reviewed by Legal before it is signed.",
                    company=company.name,
                )
            )
        stage = self.opportunity_id.stage_id
        if company.sdp_legal_on_contract_stage and stage.sdp_require_legal_review:
            reasons.append(
                self.env._(
                    "Its opportunity %(lead)s is in the contract stage %(stage)s.",
                    lead=self.opportunity_id.name,
                    stage=stage.name,
                )
            )
        if company.sdp_legal_on_amount and self.currency_id:
            amount = self.currency_id._convert(
                self.amount_total,
                company.currency_id,
                company,
                self.date_order or fields.Date.context_today(self),
            )
            if company.currency_id.compare_amounts(amount, company.sdp_legal_amount_threshold) > 0:
                currency = company.currency_id
                reasons.append(
                    self.env._(
                        "Its total %(amount)s is above the legal review threshold %(threshold)s.",
                        amount=format_amount(self.env, amount, currency),
                        threshold=format_amount(
                            self.env, company.sdp_legal_amount_threshold, currency
                        ),
                    )
                )
        if (
            company.sdp_legal_on_payment_term
            and self.payment_term_id
            and self.payment_term_id not in company.sdp_legal_standard_payment_term_ids
        ):
            reasons.append(
                self.env._(
                    "Its payment terms %(term)s are not standard.",
                    term=self.payment_term_id.name,
                )
            )
        if company.sdp_legal_on_product:
            products = self.order_line.product_id
            categ_paths = company.sdp_legal_product_categ_ids.mapped("parent_path")
            flagged = products.filtered(
                lambda p: p.product_tmpl_id in company.sdp_legal_product_tmpl_ids
                or any((p.categ_id.parent_path or "").startswith(path) for path in categ_paths)
            )
            if flagged:
                reasons.append(
                    self.env._(
                        "It contains products that need legal review: %(products)s.",
                        products=", ".join(flagged.mapped("display_name")),
                    )
                )
        return reasons

    def _sdp_legal_update_state(self):
        """Move quotations between 'not required' and 'to submit' as the triggers say.

        Submitted, approved and rejected reviews keep their state (a change to reviewed content
        is handled by :meth:`_sdp_legal_reset`).
        """
        # Ids, browsed once: ``|=`` per order copies the recordset, quadratic in a batch.
        to_submit_ids = []
        not_required_ids = []
        for order in self:
            if order.state not in ("draft", "sent"):
                continue
            required = bool(order._sdp_legal_review_reasons())
            if required and order.sdp_legal_state == "not_required":
                to_submit_ids.append(order.id)
            elif not required and order.sdp_legal_state == "to_submit":
                not_required_ids.append(order.id)
        to_submit = self.browse(to_submit_ids)
        not_required = self.browse(not_required_ids)
        # sudo: the legal state is protected against direct writes; it is set here from the
        # company's own trigger configuration, not from user input.
        if to_submit:
            # sudo: protected state set from configuration (see above)
            to_submit.sudo().write({"sdp_legal_state": "to_submit"})
        if not_required:
            # sudo: protected state set from configuration (see above)
            not_required.sudo().write({"sdp_legal_state": "not_required"})

    def _sdp_legal_reset(self, reason):
        """P3.7.3: reviewed content changed after submission/approval: back to 'to submit'."""
        orders = self.filtered(
            lambda o: o.state in ("draft", "sent")
            and o.sdp_legal_state in ("under_review", "approved")
        )
        if not orders:
            return
        # sudo: closing rounds and setting the protected state is the policy's own reaction to
        # a change the user was allowed to make.
        orders.sdp_legal_review_ids.filtered(lambda r: r.decision == "pending").sudo().write(
            {"decision": "cancelled", "reset_reason": reason}
        )
        # sudo: removes only this module's review activity, which the reviewer owns.
        orders.sudo().activity_unlink([LEGAL_ACTIVITY])
        # sudo: the legal state is protected against direct writes; reset after a reviewed change.
        orders.sudo().write({"sdp_legal_state": "to_submit"})
        for order in orders:
            order.message_post(
                body=self.env._(
                    "Legal review reset to 'To Submit': %(reason)s changed after the review. "
                    "Submit the order to Legal again before confirming it (P3.7.3).",
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        orders._sdp_legal_update_state()

    def _sdp_legal_watched(self):
        """Quotations whose legal review is submitted or approved: changes to their terms reset
        the review (P3.7.3)."""
        return self.filtered(
            lambda o: o.state in ("draft", "sent")
            and o.sdp_legal_state in ("under_review", "approved")
        )

    def _sdp_legal_snapshot(self):
        return {order.id: order._sdp_legal_terms_dict() for order in self._sdp_legal_watched()}

    def _sdp_legal_reset_changed(self, before):
        """Reset the review of the orders whose terms differ from ``before`` (a snapshot)."""
        changed = {}
        for order in self.browse(list(before)).exists():
            labels = order._sdp_legal_terms_diff(before[order.id])
            if labels:
                # ids, browsed once: ``|=`` per order is quadratic in a batch
                changed.setdefault(", ".join(labels), []).append(order.id)
        for label, order_ids in changed.items():
            self.browse(order_ids)._sdp_legal_reset(label)

    def _sdp_legal_blocks_confirmation(self):
        """Orders of ``self`` whose legal review does not allow confirming what they say now."""
        self._sdp_legal_update_state()
        blocked_ids = []  # ids, browsed once: ``|=`` per order is quadratic in a batch
        for order in self:
            state = order.sdp_legal_state
            if state in ("to_submit", "under_review", "rejected"):
                blocked_ids.append(order.id)
            elif state == "approved" and order.sdp_legal_changes:
                blocked_ids.append(order.id)
            elif (
                state == "not_required"
                and order.state not in ("draft", "sent")
                and order._sdp_legal_review_reasons()
            ):
                # A cancelled order written back to 'sale' never had its triggers evaluated.
                blocked_ids.append(order.id)
        return self.browse(blocked_ids)

    def _sdp_legal_refusal(self):
        self.ensure_one()
        state = self._sdp_legal_state_label(self.sdp_legal_state)
        if self.sdp_legal_state == "approved":
            return self.env._(
                "Sale order %(order)s cannot be confirmed: it changed after Legal approved it "
                "(%(changes)s) (P3.7.3). Submit it to Legal again with 'Submit to Legal'.",
                order=self.name,
                changes=self.sdp_legal_changes,
            )
        if self.sdp_legal_state == "under_review":
            # Submitted already: what to do is wait for the decision, not submit again.
            return self.env._(
                "Sale order %(order)s cannot be confirmed yet: it is under legal review "
                "(P3.7.3). It can be confirmed once a Legal Reviewer approves it.",
                order=self.name,
            )
        return self.env._(
            "Sale order %(order)s cannot be confirmed before Legal approves it (legal review: "
            "%(state)s, P3.7.3). Submit it to Legal with 'Submit to Legal' and confirm once "
            "approved.",
            order=self.name,
            state=state,
        )

    def _sdp_legal_hold(self):
        """The customer accepted (signature or payment) an order Legal has not approved."""
        # sudo: called from the portal/payment flows (public user); posts messages and
        # activities on the order for internal users only, and sets the protected hold flag.
        for order in self._sdp_as_odoobot():
            if not order.sdp_legal_is_held:
                order.sdp_legal_is_held = True
            reviewers = order._sdp_legal_get_reviewers()
            partners = (reviewers | order.user_id).partner_id
            order.message_post(
                body=self.env._(
                    "The customer accepted this order online but it cannot be confirmed before "
                    "its legal review is approved (legal review: %(state)s, P3.7.3). The order "
                    "waits and is confirmed when Legal approves.",
                    state=order._sdp_legal_state_label(order.sdp_legal_state),
                ),
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_note",
            )
            if order.user_id:
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=order.user_id.id,
                    summary=self.env._("Customer waiting: get the legal review approved"),
                    note=self.env._(
                        "The customer signed or paid %(order)s online; submit it to Legal if "
                        "not done yet so it can be confirmed (P3.7.3).",
                        order=order.name,
                    ),
                )

    def _sdp_legal_get_reviewers(self):
        """Users who review ``self``: the company's reviewer or every Legal Reviewer of it."""
        self.ensure_one()
        reviewer = self.company_id.sdp_legal_reviewer_id
        if reviewer:
            return reviewer
        # sudo: reading group membership to address activities; only user ids are used.
        users = self.env.ref(LEGAL_GROUP).sudo().users
        return users.filtered(
            lambda u: u.active and not u.share and self.company_id in u.company_ids
        ).sudo(False)

    def action_sdp_legal_submit(self):
        """Submit quotations to Legal (P3.7.3): a review round, activities, notifications."""
        self.check_access("write")
        # A second submission at the same moment is retried after this one and refused as
        # already under review (see sdp_concurrency.py).
        serialize_on(self)
        for order in self:
            if order.sdp_legal_changes:
                # Changed since the review in a way the ORM did not see (a compute, "update
                # prices"): the review starts again from what the order says now.
                order._sdp_legal_reset(order.sdp_legal_changes)
            order._sdp_legal_update_state()
            if order.state not in ("draft", "sent"):
                raise UserError(
                    self.env._(
                        "%(order)s is no longer a quotation: only quotations are submitted to "
                        "legal review (P3.7.3).",
                        order=order.name,
                    )
                )
            if order.sdp_legal_state not in ("to_submit", "rejected"):
                raise UserError(
                    self.env._(
                        "%(order)s cannot be submitted to Legal: its legal review is '%(state)s' "
                        "(only 'To Submit' or 'Rejected' reviews are submitted, P3.7.3).",
                        order=order.name,
                        state=order._sdp_legal_state_label(order.sdp_legal_state),
                    )
                )
            reviewers = order._sdp_legal_get_reviewers() - order.user_id
            if not reviewers:
                raise UserError(
                    self.env._(
                        "%(order)s: no Legal Reviewer other than the salesperson is available "
                        "in %(company)s. Ask the Policy Administrator to set a legal reviewer "
                        "in the policy settings (P3.7.3).",
                        order=order.name,
                        company=order.company_id.name,
                    )
                )
            # sudo: rounds and the legal state are protected; the user's right to submit was
            # checked above (write access on the order).
            self.env["sdp.legal.review"].sudo().create(
                {
                    "order_id": order.id,
                    "order_name": order.name,
                    "company_id": order.company_id.id,
                    "submitted_by_id": self.env.user.id,
                    "assigned_user_ids": [fields.Command.set(reviewers.ids)],
                    "date_submitted": fields.Datetime.now(),
                }
            )
            # sudo: the protected legal state and terms follow the submission just made by the
            # user: Legal reviews, and an approval covers, exactly what the order says now.
            order.sudo().write(
                {
                    "sdp_legal_state": "under_review",
                    "sdp_legal_terms": json.dumps(order._sdp_legal_terms_dict()),
                }
            )
            for reviewer in reviewers:
                order.activity_schedule(
                    LEGAL_ACTIVITY,
                    user_id=reviewer.id,
                    summary=self.env._("Legal review of %(order)s", order=order.name),
                    note=self.env._(
                        "Review the contract terms (P3.7.2): rights and obligations, "
                        "specifications, price, delivery time, quality standards, liability "
                        "for breach."
                    ),
                )
            order.message_post(
                body=self.env._(
                    "Submitted to legal review (P3.7.3) by %(user)s.", user=self.env.user.name
                ),
                partner_ids=reviewers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _sdp_legal_check_decider(self):
        """Only Legal Reviewers decide, never on their own orders (P3.7.3)."""
        if not self.env.user.has_group(LEGAL_GROUP):
            raise AccessError(
                self.env._(
                    "Only Legal Reviewers approve or reject legal reviews (P3.7.3); "
                    "%(user)s is not one.",
                    user=self.env.user.name,
                )
            )
        ensure_not_involved(
            self,
            lambda order: order.user_id
            | order.create_uid
            # sudo: who submitted the rounds, whatever review rounds the reviewer may read.
            | order.sdp_legal_review_ids.sudo().submitted_by_id,
            lambda order: self.env._(
                "%(order)s: you are its salesperson, its creator or submitted it to Legal, "
                "so you cannot decide its legal review; another Legal Reviewer must "
                "(P3.7.3).",
                order=order.name,
            ),
        )
        for order in self:
            if order.sdp_legal_state != "under_review":
                raise UserError(
                    self.env._(
                        "%(order)s is not under legal review (it is '%(state)s').",
                        order=order.name,
                        state=order._sdp_legal_state_label(order.sdp_legal_state),
                    )
                )

    def action_sdp_legal_approve(self):
        return self._sdp_legal_open_decision("approve")

    def action_sdp_legal_reject(self):
        return self._sdp_legal_open_decision("reject")

    def _sdp_legal_open_decision(self, decision):
        self.ensure_one()
        self._sdp_legal_check_decider()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Legal Review Decision"),
            "res_model": "sdp.legal.decision",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id, "default_decision": decision},
        }

    def _sdp_legal_decide(self, decision, checklist, comments):
        """Record a Legal Reviewer's decision on the pending round (P3.7.2, P3.7.3)."""
        self.ensure_one()
        self._sdp_legal_check_decider()
        review = self.sdp_legal_review_ids.filtered(lambda r: r.decision == "pending")[:1]
        if not review:
            raise UserError(
                self.env._("%(order)s has no pending legal review round.", order=self.name)
            )
        if decision == "approve" and not all(checklist.get(f) for f in CHECKLIST_FIELDS):
            raise UserError(
                self.env._(
                    "%(order)s: tick every item of the contract checklist (P3.7.2) before "
                    "approving, or reject with a comment.",
                    order=self.name,
                )
            )
        if decision == "reject" and not (comments or "").strip():
            raise UserError(
                self.env._(
                    "%(order)s: a rejection needs a comment telling the salesperson what to "
                    "change (P3.7.3).",
                    order=self.name,
                )
            )
        if self.sdp_legal_changes:
            raise UserError(
                self.env._(
                    "%(order)s changed after it was submitted to Legal (%(changes)s): the "
                    "salesperson must submit it again before it is decided (P3.7.3).",
                    order=self.name,
                    changes=self.sdp_legal_changes,
                )
            )
        approved = decision == "approve"
        # sudo: the decider's group and independence were checked above.
        review.sudo().write(
            {
                **{f: bool(checklist.get(f)) for f in CHECKLIST_FIELDS},
                "comments": comments,
                "decision": "approved" if approved else "rejected",
                "reviewer_id": self.env.user.id,
                "date_decided": fields.Datetime.now(),
            }
        )
        # sudo: the protected legal state follows the decision of a checked legal reviewer.
        self.sudo().write({"sdp_legal_state": "approved" if approved else "rejected"})
        self.activity_feedback(
            [LEGAL_ACTIVITY],
            feedback=self.env._("Approved")
            if approved
            else self.env._("Rejected: %(c)s", c=comments),
        )
        # Other reviewers' activities for the same round are no longer needed.
        self.sudo().activity_unlink([LEGAL_ACTIVITY])
        if approved:
            body = self.env._(
                "Legal review approved by %(user)s (P3.7.3).", user=self.env.user.name
            )
        else:
            body = self.env._(
                "Legal review rejected by %(user)s (P3.7.3): %(comments)s",
                user=self.env.user.name,
                comments=comments,
            )
        if comments and approved:
            body = Markup("%s<br/>%s") % (body, comments)
        self.message_post(
            body=body,
            partner_ids=self.user_id.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        if not approved and self.user_id:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=self.env._("Legal review rejected: amend and resubmit"),
                note=comments,
            )
        if approved and self.sdp_legal_is_held:
            self._sdp_legal_release_held()
        return True

    def _sdp_legal_release_held(self):
        """Confirm an order the customer accepted online while it waited for Legal."""
        self.ensure_one()
        # sudo: clearing the protected flag; payment status is read only.
        self.sudo().sdp_legal_is_held = False
        changes = self._sdp_acceptance_changes()
        if changes:
            # A change the ORM never saw (a shared document's content): what Legal approved
            # is not what the customer accepted.
            self._sdp_acceptance_clear(changes)
            return
        # sudo: reads the payment status only (portal flow), widens nothing shown to the user.
        if (
            self.state in ("draft", "sent")
            and not self.sudo()._has_to_be_paid()  # sudo: payment status only, see above
            # If the credit control (P6.3.1) refuses it now, the order waits for it in turn
            # instead of undoing the legal decision.
            and not self._sdp_hold_refused()
        ):
            # The customer's acceptance confirms it, not the reviewer (who writes only their
            # decision): as OdooBot, like the other notes of the customer's online acceptance.
            self._sdp_as_odoobot().with_context(send_email=True).action_confirm()
        if self.state == "sale":
            self.message_post(
                body=self.env._(
                    "Order confirmed after legal approval: the customer had already accepted it."
                ),
                subtype_xmlid="mail.mt_note",
            )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        before = orders._sdp_legal_snapshot()
        lines = super().create(vals_list)
        lines.order_id._sdp_legal_reset_changed(before)
        lines.order_id._sdp_legal_update_state()
        return lines

    def write(self, vals):
        before = self.order_id._sdp_legal_snapshot() if LEGAL_LINE_WATCH & set(vals) else {}
        res = super().write(vals)
        self.order_id._sdp_legal_reset_changed(before)
        if {"product_id", "product_uom_qty", "price_unit", "discount", "tax_id"} & set(vals):
            self.order_id._sdp_legal_update_state()
        return res

    def unlink(self):
        orders = self.order_id
        before = orders._sdp_legal_snapshot()
        res = super().unlink()
        orders.exists()._sdp_legal_reset_changed(before)
        orders.exists()._sdp_legal_update_state()
        return res
