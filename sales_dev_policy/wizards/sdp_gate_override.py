"""Collects a manager's reason to override a stage gate or move a lead back (P3).
Feature: pipeline."""

from odoo import fields, models


class SdpGateOverride(models.TransientModel):
    """Let a Sales Manager pass a policy gate with a written reason (P3); logged."""

    _name = "sdp.gate.override"
    _description = "Override Policy Gate"

    lead_ids = fields.Many2many(comodel_name="crm.lead", string="Leads", required=True)
    stage_id = fields.Many2one(
        comodel_name="crm.stage",
        string="Move To",
        required=True,
        help="A policy step past its gate, or a stage outside the policy pipeline to take the "
        "lead out of it (P3); the reason is logged either way.",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.lead_ids._sdp_override_move(self.stage_id, self.reason)
        return {"type": "ir.actions.act_window_close"}


class SdpStageBack(models.TransientModel):
    """Move leads back to an earlier policy step with a written reason (P3)."""

    _name = "sdp.stage.back"
    _description = "Move Lead Back"

    lead_ids = fields.Many2many(comodel_name="crm.lead", string="Leads", required=True)
    stage_id = fields.Many2one(
        comodel_name="crm.stage",
        string="Back To",
        required=True,
        domain="[('sdp_policy_step', '!=', False)]",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.lead_ids._sdp_move_back(self.stage_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
