"""Legal review rounds of a quotation (P3.7.3, P6.4): what was submitted, by whom, and the
reviewer's checklist and decision. Feature: legal."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .sdp_permit import raise_audit_record

# P3.7.2: what a contract must state; the legal reviewer ticks each item (P3.7.3).
CHECKLIST_FIELDS = (
    "check_rights_obligations",
    "check_specifications",
    "check_price",
    "check_delivery_time",
    "check_quality_standards",
    "check_breach_liability",
)
# Written only by the decision flow (sale.order._sdp_legal_decide / submit / reset).
PROTECTED_FIELDS = {
    "order_id",
    "salesperson_id",
    "order_name",
    "company_id",
    "decision",
    "reviewer_id",
    "date_decided",
    "date_submitted",
    "submitted_by_id",
    "assigned_user_ids",
}


class SdpLegalReview(models.Model):
    """One round of legal review of a sale order (P3.7.3, P6.4)."""

    _name = "sdp.legal.review"
    _inherit = ["sdp.flow.fields.mixin"]
    # The round's order, submission and decision are written by the decision flow only
    # (sale.order._sdp_legal_decide, submit, reset).
    _sdp_flow_fields = frozenset(PROTECTED_FIELDS)
    _description = "Legal Review Round"
    _order = "date_submitted desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order",
        ondelete="set null",
        index=True,
        readonly=True,
        check_company=True,
    )
    # Audit record (P3.7.3): it outlives its order; the order's name and company stay on it.
    order_name = fields.Char(string="Order Reference", readonly=True)
    company_id = fields.Many2one(
        comodel_name="res.company", string="Company", index=True, readonly=True
    )
    salesperson_id = fields.Many2one(
        related="order_id.user_id", store=True, index=True, string="Salesperson"
    )
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    currency_id = fields.Many2one(related="order_id.currency_id", string="Currency")
    amount_total = fields.Monetary(
        related="order_id.amount_total", string="Order Total", currency_field="currency_id"
    )
    submitted_by_id = fields.Many2one(
        comodel_name="res.users", string="Submitted By", readonly=True
    )
    assigned_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="sdp_legal_review_assigned_user_rel",
        column1="review_id",
        column2="user_id",
        string="Assigned Reviewers",
        readonly=True,
    )
    reviewer_id = fields.Many2one(
        comodel_name="res.users", string="Decided By", readonly=True, index=True
    )
    date_submitted = fields.Datetime(string="Submitted On", readonly=True, index=True)
    date_decided = fields.Datetime(string="Decided On", readonly=True)
    decision = fields.Selection(
        selection=[
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    comments = fields.Text()
    # What the reviewer decides on, on the round itself (P3.7.2): the order's lines and terms.
    order_line_ids = fields.One2many(related="order_id.order_line", string="Order Lines")
    payment_term_id = fields.Many2one(related="order_id.payment_term_id", string="Payment Terms")
    order_note = fields.Html(related="order_id.note", string="Terms and Conditions")
    order_changes = fields.Text(
        related="order_id.sdp_legal_changes",
        string="Changed since Submission",
        help="What changed on the order since it was submitted: it must be submitted again "
        "before a decision (P3.7.3).",
    )
    reset_reason = fields.Char(
        string="Cancelled Because",
        readonly=True,
        help="Why the round was cancelled (the order changed while under review).",
    )
    # P3.7.2 checklist
    check_rights_obligations = fields.Boolean(string="Rights and Obligations")
    check_specifications = fields.Boolean(string="Product/Service Specifications")
    check_price = fields.Boolean(string="Price")
    check_delivery_time = fields.Boolean(string="Delivery Time")
    check_quality_standards = fields.Boolean(string="Quality Standards")
    check_breach_liability = fields.Boolean(string="Liability for Breach")
    is_checklist_complete = fields.Boolean(
        string="Checklist Complete", compute="_compute_is_checklist_complete"
    )

    @api.depends(*CHECKLIST_FIELDS)
    def _compute_is_checklist_complete(self):
        for review in self:
            review.is_checklist_complete = all(review[f] for f in CHECKLIST_FIELDS)

    @api.depends("order_id.name", "date_submitted")
    def _compute_display_name(self):
        for review in self:
            review.display_name = self.env._(
                "%(order)s - legal review of %(date)s",
                order=review.order_id.name or "",
                date=fields.Date.to_string(fields.Datetime.to_datetime(review.date_submitted))
                if review.date_submitted
                else "",
            )

    @api.constrains("decision", "comments", *CHECKLIST_FIELDS)
    def _check_decision(self):
        for review in self:
            if review.decision == "approved" and not review.is_checklist_complete:
                raise ValidationError(
                    self.env._(
                        "%(review)s: an approval needs every item of the contract checklist "
                        "ticked (P3.7.2).",
                        review=review.display_name,
                    )
                )
            if review.decision == "rejected" and not (review.comments or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(review)s: a rejection needs a comment telling the salesperson what "
                        "to change (P3.7.3).",
                        review=review.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Rounds are opened by sale.order.action_sdp_legal_submit only.
            raise AccessError(
                self.env._(
                    "Legal review rounds are created by submitting the order to Legal "
                    "(button 'Submit to Legal' on the order, P3.7.3)."
                )
            )
        orders = self.env["sale.order"].browse(
            [v["order_id"] for v in vals_list if v.get("order_id")]
        )
        for vals in vals_list:
            # The order's name and company stay on the round when the order is deleted.
            order = orders.browse(vals.get("order_id"))
            vals.setdefault("order_name", order.name)
            vals.setdefault("company_id", order.company_id.id)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            # Before the closed-round check: the decision fields are the flow's, open or not.
            self._sdp_check_flow_fields(vals)
            closed = self.filtered(lambda r: r.decision != "pending")
            if closed:
                raise AccessError(
                    self.env._(
                        "%(reviews)s: a decided or cancelled legal review cannot be changed; "
                        "submit the order again for a new round (P3.7.3).",
                        reviews=", ".join(closed.mapped("display_name")),
                    )
                )
        return super().write(vals)

    def _sdp_flow_fields_error(self, protected):
        return self.env._(
            "%(records)s: the decision of a legal review is taken with the Approve/Reject "
            "buttons of the review round or of the order, by a Legal Reviewer (P3.7.3); "
            "%(fields)s are not edited.",
            records=self._sdp_flow_records_label(),
            fields=self._sdp_flow_fields_label(protected),
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise_audit_record(self)

    def action_sdp_approve(self):
        """Approve this pending round with its own checklist (P3.7.2, P3.7.3): the decision of
        the order (sale.order._sdp_legal_decide, which checks the reviewer)."""
        return self._sdp_decide("approve")

    def action_sdp_reject(self):
        """Reject this pending round with its comments (P3.7.3)."""
        return self._sdp_decide("reject")

    def _sdp_decide(self, decision):
        self.ensure_one()
        if self.decision != "pending" or not self.order_id:
            raise UserError(
                self.env._(
                    "%(review)s is not waiting for a decision (it is %(state)s).",
                    review=self.display_name,
                    state=dict(self._fields["decision"]._description_selection(self.env))[
                        self.decision
                    ],
                )
            )
        self.order_id._sdp_legal_decide(
            decision, {fname: self[fname] for fname in CHECKLIST_FIELDS}, self.comments
        )
        return True

    def action_open_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.order_id.id,
            "view_mode": "form",
        }

    @api.model
    def _sdp_checklist_labels(self):
        """The P3.7.2 checklist as (field, label in the reader's language), for the printed
        legal review sheet."""
        return [
            (name, self._fields[name]._description_string(self.env)) for name in CHECKLIST_FIELDS
        ]
