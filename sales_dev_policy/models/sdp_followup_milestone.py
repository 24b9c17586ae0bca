"""Follow-up milestones of a won project (P3.8.2) and the progress reports to the customer
(P3.8.3). Feature: pipeline."""

from odoo import api, fields, models

MILESTONE_KINDS = [
    ("template", "Standard milestone"),
    ("order", "Order delivery date"),
    ("contract", "Contract milestone"),
    ("progress", "Progress report"),
]


class SdpFollowupMilestone(models.Model):
    """A contract milestone followed after the deal is won (P3.8.2)."""

    _name = "sdp.followup.milestone"
    _description = "Follow-up Milestone (Policy)"
    _order = "date_deadline, id"
    _check_company_auto = True

    name = fields.Char(string="Milestone", required=True)
    lead_id = fields.Many2one(
        comodel_name="crm.lead",
        string="Opportunity",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    date_deadline = fields.Date(string="Due Date", required=True, index=True)
    date_done = fields.Date(string="Done On")
    is_done = fields.Boolean(string="Done")
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        index=True,
    )
    quality_note = fields.Text(string="Quality / Issues")
    kind = fields.Selection(
        selection=MILESTONE_KINDS,
        string="Source",
        required=True,
        default="contract",
        help="Where the milestone comes from: a standard template planned on Won, a delivery "
        "date of the confirmed order, a milestone of the contract entered by hand, or a "
        "recurring progress report to the customer (P3.8.2, P3.8.3).",
    )
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The confirmed order whose delivery date this milestone follows (P3.8.2).",
    )
    template_id = fields.Many2one(
        comodel_name="sdp.followup.template",
        string="Template",
        index=True,
        ondelete="set null",
        readonly=True,
        help="Template this milestone was planned from when the opportunity was won (P3.8.2).",
    )
    activity_id = fields.Many2one(
        comodel_name="mail.activity",
        string="Activity",
        ondelete="set null",
        readonly=True,
        help="The salesperson's activity on the milestone's due date (P3.8.3).",
    )
    company_id = fields.Many2one(
        related="lead_id.company_id", store=True, index=True, string="Company"
    )

    @api.model_create_multi
    def create(self, vals_list):
        milestones = super().create(vals_list)
        # P3.8.2: a milestone entered per contract gets the responsible's activity on its date,
        # like the planned ones (which arrive with theirs).
        milestones.filtered(lambda m: not m.activity_id and not m.is_done)._sdp_plan_activities()
        return milestones

    def write(self, vals):
        newly_done = self.filtered(lambda m: not m.is_done) if vals.get("is_done") else self
        res = super().write(vals)
        if vals.get("is_done"):
            newly_done.filtered("template_id.sends_satisfaction_survey")._sdp_send_survey()
        return res

    def _sdp_send_survey(self):
        """P5.2.4: the customer of each milestone's opportunity gets the company's satisfaction
        survey by e-mail; the answer is credited to the customer's salesperson then."""
        for milestone in self:
            lead = milestone.lead_id
            survey = (
                lead.company_id.sdp_satisfaction_survey_id
                or self.env.company.sdp_satisfaction_survey_id
            )
            customer = lead.partner_id
            if not survey or not customer.email:
                lead.message_post(
                    body=self.env._(
                        "The satisfaction survey was not sent: %(why)s (P5.2.4).",
                        why=self.env._("the company has no customer satisfaction survey")
                        if not survey
                        else self.env._(
                            "the customer %(customer)s has no e-mail address",
                            customer=customer.display_name or "-",
                        ),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            # sudo: the salesperson who completed the milestone sends the company's survey to
            # the opportunity's own customer, with Odoo's invitation; no survey right is needed
            # to thank a customer, and nothing else is read or granted.
            invite = (
                self.env["survey.invite"]
                .sudo()  # sudo: Odoo's invitation of the lead's own customer, see above
                .with_context(default_survey_id=survey.id)
                .create({"survey_id": survey.id, "partner_ids": [(6, 0, customer.ids)]})
            )
            invite.action_invite()
            lead.message_post(
                body=self.env._(
                    "Satisfaction survey “%(survey)s” sent to %(customer)s (P5.2.4).",
                    survey=survey.title,
                    customer=customer.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _sdp_plan_activities(self):
        """One activity per milestone for its responsible, on its due date (P3.8.3)."""
        if not self:
            return
        activity_type = self.env.ref(
            "sales_dev_policy.mail_activity_type_sdp_followup", raise_if_not_found=False
        ) or self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("crm.lead")
        activities = self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": milestone.lead_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._("Follow-up: %(milestone)s", milestone=milestone.name),
                    "user_id": (milestone.user_id or milestone.lead_id.user_id or self.env.user).id,
                    "date_deadline": milestone.date_deadline,
                }
                for milestone in self
            ]
        )
        for milestone, activity in zip(self, activities, strict=True):
            milestone.activity_id = activity
