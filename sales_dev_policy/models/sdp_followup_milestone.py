"""Follow-up milestones of a won project (P3.8.2). Feature: pipeline."""

from odoo import fields, models


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
