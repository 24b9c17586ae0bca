"""Collects a legal reviewer's checklist and decision (P3.7.3). Feature: legal."""

from odoo import api, fields, models

from ..models.sdp_legal_review import CHECKLIST_FIELDS


class SdpLegalDecision(models.TransientModel):
    """A Legal Reviewer's decision on an order's pending review round (P3.7.2, P3.7.3)."""

    _name = "sdp.legal.decision"
    _description = "Legal Review Decision"

    order_id = fields.Many2one(comodel_name="sale.order", string="Order", required=True)
    review_id = fields.Many2one(
        comodel_name="sdp.legal.review",
        string="Review Round",
        compute="_compute_review_id",
    )
    decision = fields.Selection(
        selection=[("approve", "Approve"), ("reject", "Reject")],
        required=True,
        default="approve",
    )
    comments = fields.Text(
        help="Required for a rejection: what the salesperson must change.",
    )
    check_rights_obligations = fields.Boolean(string="Rights and Obligations")
    check_specifications = fields.Boolean(string="Product/Service Specifications")
    check_price = fields.Boolean(string="Price")
    check_delivery_time = fields.Boolean(string="Delivery Time")
    check_quality_standards = fields.Boolean(string="Quality Standards")
    check_breach_liability = fields.Boolean(string="Liability for Breach")

    @api.depends("order_id")
    def _compute_review_id(self):
        for wizard in self:
            wizard.review_id = wizard.order_id.sdp_legal_review_ids.filtered(
                lambda r: r.decision == "pending"
            )[:1]

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        order = self.env["sale.order"].browse(values.get("order_id"))
        review = order.sdp_legal_review_ids.filtered(lambda r: r.decision == "pending")[:1]
        if review:
            # Start from what the reviewer already ticked on the round itself.
            for fname in CHECKLIST_FIELDS:
                if fname in fields_list:
                    values.setdefault(fname, review[fname])
            if "comments" in fields_list and review.comments:
                values.setdefault("comments", review.comments)
        return values

    def action_apply(self):
        self.ensure_one()
        self.order_id._sdp_legal_decide(
            self.decision,
            {fname: self[fname] for fname in CHECKLIST_FIELDS},
            self.comments,
        )
        return {"type": "ir.actions.act_window_close"}
