"""Checklist items a policy stage's gate requires (P3). Feature: pipeline."""

from odoo import fields, models


class SdpGateChecklistItem(models.Model):
    """A checklist item a lead must tick before it enters a policy stage (P3)."""

    _name = "sdp.gate.checklist.item"
    _description = "Policy Gate Checklist Item"
    _order = "stage_id, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True, translate=True)
    description = fields.Text(translate=True)
    stage_id = fields.Many2one(
        comodel_name="crm.stage",
        string="Stage",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sdp_policy_step = fields.Selection(related="stage_id.sdp_policy_step", string="Step")
