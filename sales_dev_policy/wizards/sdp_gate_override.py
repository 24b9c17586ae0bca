from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class SdpGateOverride(models.TransientModel):
    """Let a Sales Manager pass a policy gate with a written reason (P3); logged."""

    _name = "sdp.gate.override"
    _description = "Override Policy Gate"

    lead_ids = fields.Many2many(comodel_name="crm.lead", string="Leads", required=True)
    stage_id = fields.Many2one(
        comodel_name="crm.stage",
        string="Move To",
        required=True,
        domain="[('sdp_policy_step', '!=', False)]",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("sales_dev_policy.group_sdp_manager"):
            raise AccessError(self.env._("Only a Sales Manager may override a policy gate (P3)."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("Write the reason for the override (P3)."))
        self.lead_ids.with_context(sdp_gate_override_reason=self.reason.strip()).write(
            {"stage_id": self.stage_id.id}
        )
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
        if not (self.reason or "").strip():
            raise UserError(self.env._("Write the reason for moving back (P3)."))
        self.lead_ids.with_context(sdp_stage_change_reason=self.reason.strip()).write(
            {"stage_id": self.stage_id.id}
        )
        return {"type": "ir.actions.act_window_close"}
