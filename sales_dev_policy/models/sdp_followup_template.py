"""Templates of the follow-up milestones planned when an opportunity is won (P3.8.2).
Feature: pipeline."""

from odoo import fields, models


class SdpFollowupTemplate(models.Model):
    """A follow-up milestone planned for every won opportunity (P3.8.2).

    On Won, each active template of the lead's company (or of all companies) becomes a
    ``sdp.followup.milestone`` due ``days_after_won`` days later, with an activity for the
    salesperson on that date (progress reports to the customer are activities, P3.8.3).
    """

    _name = "sdp.followup.template"
    _description = "Follow-up Milestone Template (Policy)"
    _order = "sequence, days_after_won, id"

    name = fields.Char(string="Milestone", required=True, translate=True)
    sequence = fields.Integer(default=10)
    days_after_won = fields.Integer(
        required=True,
        default=30,
        help="The milestone is due this many days after the opportunity is won.",
    )
    description = fields.Text(
        string="What to Do", translate=True, help="Shown as the note of the activity."
    )
    is_progress_report = fields.Boolean(
        string="Progress Report",
        help="The milestone is a progress report to the customer: the recurring reports "
        "(company setting) follow it until the contract ends (P3.8.3).",
    )
    sends_satisfaction_survey = fields.Boolean(
        string="Sends the Satisfaction Survey",
        help="When a milestone of this template is done, the company's customer satisfaction "
        "survey is sent to the customer, credited to the opportunity's salesperson (P5.2.4).",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        index=True,
        help="Empty: used by every company.",
    )

    _sql_constraints = [
        (
            "sdp_days_after_won_positive",
            "CHECK(days_after_won >= 0)",
            "The days after Won of a follow-up milestone cannot be negative.",
        ),
    ]
