"""The log of stage changes of leads, with overrides and reasons (P3). Feature: pipeline."""

from odoo import api, fields, models

from .sdp_permit import raise_audit_record


class SdpStageTransition(models.Model):
    """One stage change of a lead (P3): who, when, from, to, time in the previous stage."""

    _name = "sdp.stage.transition"
    _description = "Lead Stage Transition (Policy)"
    _order = "date desc, id desc"
    _check_company_auto = True

    # Audit record (P3): it outlives its lead; lead_name says which lead it was.
    lead_id = fields.Many2one(
        comodel_name="crm.lead",
        string="Lead",
        ondelete="set null",
        index=True,
        readonly=True,
    )
    lead_name = fields.Char(readonly=True)
    stage_from_id = fields.Many2one(
        comodel_name="crm.stage", string="From Stage", index=True, readonly=True
    )
    stage_to_id = fields.Many2one(
        comodel_name="crm.stage", string="To Stage", index=True, readonly=True
    )
    step_from = fields.Selection(
        related="stage_from_id.sdp_policy_step", string="From Step", store=True
    )
    step_to = fields.Selection(related="stage_to_id.sdp_policy_step", string="To Step", store=True)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Changed By", index=True, readonly=True
    )
    salesperson_id = fields.Many2one(
        related="lead_id.user_id", string="Salesperson", store=True, index=True
    )
    team_id = fields.Many2one(related="lead_id.team_id", string="Sales Team", store=True)
    date = fields.Datetime(required=True, index=True, readonly=True)
    days_in_previous = fields.Float(
        string="Days in Previous Stage",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
    )
    override_reason = fields.Text(readonly=True)
    back_reason = fields.Text(string="Reason for Moving Back", readonly=True)
    is_override = fields.Boolean(
        string="Gate Overridden", compute="_compute_is_override", store=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )

    @api.depends("override_reason")
    def _compute_is_override(self):
        for transition in self:
            transition.is_override = bool(transition.override_reason)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise_audit_record(self)
