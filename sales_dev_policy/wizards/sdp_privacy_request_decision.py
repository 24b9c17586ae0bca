"""Collects the written reasons of an extension or a refusal of a data subject request (PDPA
Art. 10, 11, 13; PDPO s.19(2), s.20, s.24). Feature: customer information."""

from odoo import fields, models


class SdpPrivacyRequestDecision(models.TransientModel):
    """The written reasons a sales manager gives to extend or refuse a request."""

    _name = "sdp.privacy.request.decision"
    _description = "Data Subject Request Extension or Refusal"

    request_id = fields.Many2one(
        comodel_name="sdp.privacy.request", string="Data Subject Request", required=True
    )
    decision = fields.Selection(
        selection=[("extend", "Extend the Deadline"), ("refuse", "Refuse")],
        required=True,
        default="extend",
    )
    reason = fields.Text(
        required=True,
        help="Told to the person in writing: why more time is needed, or the legal ground of "
        "the refusal.",
    )

    def action_apply(self):
        self.ensure_one()
        if self.decision == "extend":
            self.request_id.action_extend(self.reason)
        else:
            self.request_id.action_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
