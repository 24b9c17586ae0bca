from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .sdp_credit_rating_term import CREDIT_STATES
from .sdp_legal_review import CHECKLIST_FIELDS

LEGAL_STATES = [
    ("not_required", "Not Required"),
    ("to_submit", "To Submit"),
    ("under_review", "Under Review"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
# Fields only the legal review flow writes (through sudo, after its own checks).
PROTECTED_ORDER_FIELDS = {"sdp_legal_state", "sdp_legal_review_ids", "sdp_legal_is_held"}
# Order fields that are part of what legal reviewed (P3.7.2): changing one after approval
# resets the review (P3.7.3).
REVIEWED_ORDER_FIELDS = ("partner_id", "payment_term_id", "pricelist_id", "currency_id")
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
# CREDIT: fields only a credit officer sets, through the release wizard (P6.3.1).
RELEASE_FIELDS = {
    "sdp_credit_released",
    "sdp_credit_release_reason",
    "sdp_credit_released_by_id",
    "sdp_credit_release_date",
}


class SaleOrder(models.Model):
    """Legal review (P3.7.3, P6.4) and credit control (P6.3) before confirmation."""

    _inherit = "sale.order"

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
    )
    sdp_legal_review_ids = fields.One2many(
        comodel_name="sdp.legal.review",
        inverse_name="order_id",
        string="Legal Review Rounds",
        readonly=True,
        copy=False,
    )
    sdp_legal_is_held = fields.Boolean(
        string="Waiting for Legal Review",
        readonly=True,
        copy=False,
        help="The customer signed or paid online but the order needs an approved legal review "
        "first; it is confirmed when Legal approves (P3.7.3).",
    )
    sdp_legal_reasons = fields.Text(
        string="Why Legal Review",
        compute="_compute_sdp_legal_reasons",
        help="The company's triggers that make this order need legal review.",
    )
    sdp_legal_can_decide = fields.Boolean(
        compute="_compute_sdp_legal_can_decide",
        help="The current user may approve or reject this order's legal review.",
    )

    # ------------------------------------------------------------------ credit (P6.3)
    # Release of this one order by a credit officer (P6.3.1). copy=False: a duplicated order is
    # a new order and goes through the credit gate again.
    sdp_credit_released = fields.Boolean(
        string="Credit Released", copy=False, readonly=True, tracking=True
    )
    sdp_credit_release_reason = fields.Text(
        string="Credit Release Reason", copy=False, readonly=True
    )
    sdp_credit_released_by_id = fields.Many2one(
        comodel_name="res.users", string="Credit Released By", copy=False, readonly=True
    )
    sdp_credit_release_date = fields.Datetime(
        string="Credit Released On", copy=False, readonly=True
    )
    # Credit summary of the customer (computed with sudo(), see _compute_sdp_credit).
    sdp_credit_state = fields.Selection(
        selection=CREDIT_STATES, string="Customer Credit Status", compute="_compute_sdp_credit"
    )
    sdp_credit_gate_on = fields.Boolean(related="company_id.sdp_credit_order_gate")
    sdp_credit_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Credit Currency"
    )
    sdp_credit_limit = fields.Monetary(
        string="Customer Credit Limit",
        currency_field="sdp_credit_company_currency_id",
        compute="_compute_sdp_credit",
    )
    sdp_credit_exposure = fields.Monetary(
        string="Exposure with this Order",
        currency_field="sdp_credit_company_currency_id",
        compute="_compute_sdp_credit",
        help="Open receivables + confirmed orders not yet invoiced + this order if it is not "
        "confirmed yet, in the company currency (P6.3.2).",
    )
    sdp_credit_available = fields.Monetary(
        string="Credit Available after this Order",
        currency_field="sdp_credit_company_currency_id",
        compute="_compute_sdp_credit",
    )

    @api.depends("partner_id", "company_id", "amount_total", "currency_id", "state")
    def _compute_sdp_credit(self):
        profile_model = self.env["sdp.credit.profile"]
        for company, orders in self.grouped("company_id").items():
            if not company:
                orders.sdp_credit_state = "not_assessed"
                orders.sdp_credit_limit = orders.sdp_credit_exposure = 0.0
                orders.sdp_credit_available = 0.0
                continue
            # sudo inside the helpers: the salesperson sees only this summary of their
            # customer's credit (status, limit, exposure, available), never the credit file.
            profiles = profile_model._get_profiles(orders.partner_id, company)
            exposure = profile_model._get_exposure(orders.partner_id, company)
            for order in orders:
                commercial_id = order.partner_id.commercial_partner_id.id
                profile = profiles.get(commercial_id)
                amount = sum(exposure.get(commercial_id, (0.0, 0.0)))
                if order.state in ("draft", "sent"):
                    amount += order._sdp_amount_company_currency()
                order.sdp_credit_state = profile.state if profile else "not_assessed"
                order.sdp_credit_limit = profile.credit_limit if profile else 0.0
                order.sdp_credit_exposure = amount
                order.sdp_credit_available = order.sdp_credit_limit - amount

    def _sdp_amount_company_currency(self):
        """Order total in the company currency at today's rate (see _get_exposure)."""
        self.ensure_one()
        return self.currency_id._convert(
            self.amount_total,
            self.company_id.currency_id,
            self.company_id,
            fields.Date.context_today(self),
        )

    # ------------------------------------------------------------------
    # CRUD: the gate cannot be bypassed by RPC, import or duplication
    # ------------------------------------------------------------------

    @api.model
    def _sdp_check_release_fields(self, fields_set):
        if (
            RELEASE_FIELDS & set(fields_set)
            and not self.env.su
            and not self.env.user.has_group("sales_dev_policy.group_sdp_credit_officer")
        ):
            raise AccessError(
                self.env._(
                    "Only a credit officer can release a sale order from the credit control "
                    "(P6.3.1), with the Release Credit button."
                )
            )

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
                and order.user_id != self.env.user
            )

    # ------------------------------------------------------------------ triggers
    def _sdp_legal_review_reasons(self):
        """Why ``self`` needs legal review under its company's triggers (P3.7.3, P6.4).

        Returns a list of human-readable reasons; empty when no review is needed.
        """
        self.ensure_one()
        company = self.company_id
        if not (
            company.sdp_legal_on_contract_stage
            or company.sdp_legal_on_amount
            or company.sdp_legal_on_payment_term
            or company.sdp_legal_on_product
        ):
            return []
        reasons = []
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
                reasons.append(
                    self.env._(
                        "Its total %(amount)s is above the legal review threshold %(threshold)s.",
                        amount=f"{amount:.2f} {company.currency_id.name}",
                        threshold=f"{company.sdp_legal_amount_threshold:.2f} "
                        f"{company.currency_id.name}",
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
        to_submit = self.browse()
        not_required = self.browse()
        for order in self:
            if order.state not in ("draft", "sent"):
                continue
            required = bool(order._sdp_legal_review_reasons())
            if required and order.sdp_legal_state == "not_required":
                to_submit |= order
            elif not required and order.sdp_legal_state == "to_submit":
                not_required |= order
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

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(PROTECTED_ORDER_FIELDS & set(vals) for vals in vals_list):
            raise AccessError(
                self.env._("The legal review state of an order is set by the review flow only.")
            )
        for vals in vals_list:
            self._sdp_check_release_fields(vals)
        orders = super().create(vals_list)
        orders._sdp_legal_update_state()
        # P6.3.1: an order imported or created over RPC directly as confirmed goes through the
        # credit gate too (raising rolls the creation back: nothing is kept).
        orders.filtered(lambda o: o.state == "sale")._sdp_credit_check()
        return orders

    def write(self, vals):
        if not self.env.su and PROTECTED_ORDER_FIELDS & set(vals):
            raise AccessError(
                self.env._(
                    "%(orders)s: the legal review state is set by submitting the order to Legal "
                    "and by a Legal Reviewer's decision, not edited directly (P3.7.3).",
                    orders=", ".join(self.mapped("display_name")),
                )
            )
        self._sdp_check_release_fields(vals)
        if vals.get("state") == "sale" and not self.env.context.get("sdp_credit_checked"):
            # P6.3.1: every path that confirms writes the state (RPC write, import): check the
            # credit gate before writing so that a refusal changes nothing.
            self.filtered(lambda o: o.state != "sale")._sdp_credit_check()
        reviewed = [f for f in REVIEWED_ORDER_FIELDS if f in vals]
        watched = self.filtered(
            lambda o: o.sdp_legal_state in ("under_review", "approved")
            and o.state in ("draft", "sent")
        )
        before = (
            {order.id: {f: order[f] for f in reviewed} for order in watched} if reviewed else {}
        )
        res = super().write(vals)
        if before:
            changed = {}
            for order in watched:
                fnames = [f for f in reviewed if order[f] != before[order.id][f]]
                if fnames:
                    label = ", ".join(self._fields[f]._description_string(self.env) for f in fnames)
                    changed.setdefault(label, self.browse())
                    changed[label] |= order
            for label, orders in changed.items():
                orders._sdp_legal_reset(label)
        if TRIGGER_ORDER_FIELDS & set(vals):
            self._sdp_legal_update_state()
        return res

    # ------------------------------------------------------------------ confirmation
    def _sdp_legal_blocks_confirmation(self):
        """Orders of ``self`` that may not be confirmed yet for want of legal approval."""
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        quotations._sdp_legal_update_state()
        return quotations.filtered(
            lambda o: o.sdp_legal_state in ("to_submit", "under_review", "rejected")
        )

    def action_confirm(self):
        blocked = self._sdp_legal_blocks_confirmation()
        refusals = self._sdp_credit_refusals()
        credit_blocked = self.browse([order.id for order in refusals])
        if self.env.context.get("sdp_legal_hold"):
            # Portal signature / online payment: the customer must not get a traceback; the
            # order waits for Legal (P3.7.3) or the credit control (P6.3.1) and the people
            # concerned are told.
            blocked._sdp_legal_hold()
            credit_blocked._sdp_credit_hold(refusals)
            others = self - blocked - credit_blocked
            if not others:
                return True
            return super(SaleOrder, others.with_context(sdp_credit_checked=True)).action_confirm()
        if blocked:
            state_labels = dict(LEGAL_STATES)
            raise UserError(
                self.env._(
                    "Legal review (P3.7.3) must approve these orders before they are "
                    "confirmed:\n%(orders)s\nSubmit them to Legal with 'Submit to Legal' and "
                    "confirm once approved.",
                    orders="\n".join(
                        f"- {o.name}: {state_labels[o.sdp_legal_state]}" for o in blocked
                    ),
                )
            )
        if refusals:
            raise UserError("\n\n".join(refusals.values()))
        return super(SaleOrder, self.with_context(sdp_credit_checked=True)).action_confirm()

    def _validate_order(self):
        # Portal signature (sale/controllers/portal.py portal_quote_accept) confirms through
        # here: hold instead of raising.
        return super(SaleOrder, self.with_context(sdp_legal_hold=True))._validate_order()

    def _sdp_flow_author(self):
        """Author of the notes the policy posts while the customer acts (portal signature, online
        payment): that runs as the public or a portal user, who may have no e-mail address, and
        a notification without a sender is never delivered. OdooBot signs them, as it signs
        Odoo's own automated messages."""
        return self.env.ref("base.partner_root")

    def _sdp_legal_hold(self):
        """The customer accepted (signature or payment) an order Legal has not approved."""
        # sudo: called from the portal/payment flows (public user); posts messages and
        # activities on the order for internal users only, and sets the protected hold flag.
        for order in self.sudo():
            if not order.sdp_legal_is_held:
                order.sdp_legal_is_held = True
            reviewers = order._sdp_legal_get_reviewers()
            partners = (reviewers | order.user_id).partner_id
            order.message_post(
                author_id=order._sdp_flow_author().id,
                body=self.env._(
                    "The customer accepted this order online but it cannot be confirmed before "
                    "its legal review is approved (legal review: %(state)s, P3.7.3). The order "
                    "waits and is confirmed when Legal approves.",
                    state=dict(LEGAL_STATES)[order.sdp_legal_state],
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

    # ------------------------------------------------------------------ review flow
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
        for order in self:
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
                        state=dict(LEGAL_STATES)[order.sdp_legal_state],
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
                    "submitted_by_id": self.env.user.id,
                    "assigned_user_ids": [fields.Command.set(reviewers.ids)],
                    "date_submitted": fields.Datetime.now(),
                }
            )
            # sudo: the protected legal state follows the submission just made by the user.
            order.sudo().write({"sdp_legal_state": "under_review"})
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
        for order in self:
            if order.user_id == self.env.user:
                raise UserError(
                    self.env._(
                        "%(order)s: you are its salesperson and cannot decide its legal review "
                        "yourself; another Legal Reviewer must (P3.7.3).",
                        order=order.name,
                    )
                )
            if order.sdp_legal_state != "under_review":
                raise UserError(
                    self.env._(
                        "%(order)s is not under legal review (it is '%(state)s').",
                        order=order.name,
                        state=dict(LEGAL_STATES)[order.sdp_legal_state],
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
        # sudo: reads the payment status only (portal flow), widens nothing shown to the user.
        if self.state in ("draft", "sent") and not self.sudo()._has_to_be_paid():
            # sdp_legal_hold: if the credit control (P6.3.1) refuses it now, the order waits
            # for it in turn instead of undoing the legal decision.
            self.with_context(send_email=True, sdp_legal_hold=True).action_confirm()
        if self.state == "sale":
            self.message_post(
                body=self.env._(
                    "Order confirmed after legal approval: the customer had already accepted it."
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------ credit gate (P6.3.1)
    def _sdp_credit_hold(self, refusals):
        """The customer accepted online an order the credit gate refuses: tell the people."""
        officer = self.env["sdp.credit.profile"]._sdp_credit_officer()
        # sudo: called from the portal/payment flows (public user); only posts an internal
        # note and activities on the order for internal users.
        for order in self.sudo():
            message = refusals[order]
            order.message_post(
                author_id=order._sdp_flow_author().id,
                body=self.env._(
                    "The customer accepted this order online but it cannot be confirmed yet: "
                    "%(refusal)s",
                    refusal=message,
                ),
                partner_ids=(order.user_id | officer).partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            for user in order.user_id | officer:
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Customer waiting: credit control (P6.3.1)"),
                    note=message,
                )

    # ------------------------------------------------------------------
    # Credit gate (P6.3.1)
    # ------------------------------------------------------------------

    def _sdp_credit_refusals(self):
        """``{order: message}`` for the orders of ``self`` the credit gate refuses (P6.3.1)."""
        refusals = {}
        profile_model = self.env["sdp.credit.profile"]
        to_check = self.filtered(
            lambda o: o.company_id.sdp_credit_order_gate and o.state != "cancel"
        )
        for company, orders in to_check.grouped("company_id").items():
            partners = orders.partner_id.commercial_partner_id
            profiles = profile_model._get_profiles(partners, company)
            exposure = profile_model._get_exposure(partners, company, exclude_orders=orders)
            new_amounts = {}
            for order in orders:
                commercial_id = order.partner_id.commercial_partner_id.id
                new_amounts[commercial_id] = (
                    new_amounts.get(commercial_id, 0.0) + order._sdp_amount_company_currency()
                )
            currency = company.currency_id
            for order in orders.filtered(lambda o: not o.sdp_credit_released):
                partner = order.partner_id.commercial_partner_id
                profile = profiles.get(partner.id)
                what_to_do = self.env._(
                    "Request a credit assessment from the customer form, or ask a credit officer "
                    "to release this order."
                )
                if profile and profile.state == "blocked":
                    message = self.env._(
                        "Sale order %(order)s cannot be confirmed: the credit of %(partner)s is "
                        "blocked (%(reason)s) (P6.3.1: avoid customers with bad credit). Ask a "
                        "credit officer to review the customer or release this order.",
                        order=order.name,
                        partner=partner.display_name,
                        reason=profile.block_reason or "",
                    )
                elif not profile or not profile.is_valid:
                    if profile and profile.state in ("approved", "watch", "review_needed"):
                        status = self.env._(
                            "its credit review was due on %(date)s", date=profile.date_next_review
                        )
                    else:
                        status = self.env._("its credit has not been approved")
                    message = self.env._(
                        "Sale order %(order)s cannot be confirmed: %(partner)s has no valid "
                        "credit profile (%(status)s) (P6.3.1: assess each customer's credit). "
                        "%(todo)s",
                        order=order.name,
                        partner=partner.display_name,
                        status=status,
                        todo=what_to_do,
                    )
                else:
                    receivable, ordered = exposure.get(partner.id, (0.0, 0.0))
                    total = receivable + ordered + new_amounts[partner.id]
                    if currency.compare_amounts(total, profile.credit_limit) <= 0:
                        continue
                    message = self.env._(
                        "Sale order %(order)s cannot be confirmed: the exposure of %(partner)s "
                        "would be %(total)s %(currency)s (open receivables %(receivable)s, "
                        "orders not invoiced %(ordered)s, this confirmation %(new)s), over its "
                        "credit limit of %(limit)s %(currency)s (P6.3.1). Collect payment, "
                        "reduce the order, or ask a credit officer to raise the limit or "
                        "release this order.",
                        order=order.name,
                        partner=partner.display_name,
                        total=currency.round(total),
                        currency=currency.name,
                        receivable=receivable,
                        ordered=ordered,
                        new=currency.round(new_amounts[partner.id]),
                        limit=profile.credit_limit,
                    )
                refusals[order] = message
        return refusals

    def _sdp_credit_check(self):
        refusals = self._sdp_credit_refusals()
        if refusals:
            raise UserError("\n\n".join(refusals.values()))

    def action_sdp_credit_release(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release Credit"),
            "res_model": "sale.order.credit.release",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }


# Line fields that are part of what legal reviewed (P3.7.2 price, specifications, quantity).
REVIEWED_LINE_FIELDS = (
    "product_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "tax_id",
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _sdp_legal_watched(self):
        """Product lines of quotations whose legal review is submitted or approved."""
        return self.filtered(
            lambda line: not line.display_type
            and line.order_id.state in ("draft", "sent")
            and line.order_id.sdp_legal_state in ("under_review", "approved")
        )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._sdp_legal_watched().order_id._sdp_legal_reset(self.env._("Order lines (added)"))
        lines.order_id._sdp_legal_update_state()
        return lines

    def write(self, vals):
        reviewed = [f for f in REVIEWED_LINE_FIELDS if f in vals]
        watched = self._sdp_legal_watched() if reviewed else self.browse()
        before = {line.id: {f: line[f] for f in reviewed} for line in watched}
        res = super().write(vals)
        if watched:
            changed = {}
            for line in watched:
                fnames = [f for f in reviewed if line[f] != before[line.id][f]]
                if fnames:
                    label = self.env._(
                        "Order lines (%(fields)s)",
                        fields=", ".join(
                            self._fields[f]._description_string(self.env) for f in fnames
                        ),
                    )
                    changed.setdefault(label, self.env["sale.order"])
                    changed[label] |= line.order_id
            for label, orders in changed.items():
                orders._sdp_legal_reset(label)
        if {"product_id", "product_uom_qty", "price_unit", "discount", "tax_id"} & set(vals):
            self.order_id._sdp_legal_update_state()
        return res

    def unlink(self):
        watched_orders = self._sdp_legal_watched().order_id
        orders = self.order_id
        res = super().unlink()
        watched_orders.exists()._sdp_legal_reset(self.env._("Order lines (removed)"))
        orders.exists()._sdp_legal_update_state()
        return res
