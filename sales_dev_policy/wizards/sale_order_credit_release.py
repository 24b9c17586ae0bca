from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class SaleOrderCreditRelease(models.TransientModel):
    """A credit officer releases one sale order from the credit gate, with a reason (P6.3.1)."""

    _name = "sale.order.credit.release"
    _description = "Release a Sale Order from Credit Control"

    order_id = fields.Many2one(comodel_name="sale.order", string="Sale Order", required=True)
    refusal = fields.Text(compute="_compute_refusal", string="Credit Control Says")
    reason = fields.Text(required=True)

    def _compute_refusal(self):
        for wizard in self:
            refusals = wizard.order_id._sdp_credit_refusals()
            wizard.refusal = refusals.get(wizard.order_id, False)

    def action_release(self):
        self.ensure_one()
        if not self.env.user.has_group("sales_dev_policy.group_sdp_credit_officer"):
            raise AccessError(
                self.env._(
                    "Only a credit officer can release sale order %(order)s from the credit "
                    "control (P6.3.1).",
                    order=self.order_id.name,
                )
            )
        order = self.order_id
        if order.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "Sale order %(order)s is not a quotation any more: there is nothing to "
                    "release (P6.3.1).",
                    order=order.name,
                )
            )
        if not (self.reason or "").strip():
            raise UserError(
                self.env._("Give the reason for releasing sale order %(order)s.", order=order.name)
            )
        profile_model = self.env["sdp.credit.profile"]
        partner = order.partner_id.commercial_partner_id
        profile = profile_model._get_profiles(partner, order.company_id).get(partner.id)
        receivable, ordered = profile_model._get_exposure(partner, order.company_id).get(
            partner.id, (0.0, 0.0)
        )
        refusal = self.refusal  # what the gate says before the release
        now = fields.Datetime.now()
        order.write(
            {
                "sdp_credit_released": True,
                "sdp_credit_release_reason": self.reason,
                "sdp_credit_released_by_id": self.env.uid,
                "sdp_credit_release_date": now,
            }
        )
        self.env["sdp.credit.release"].create(
            {
                "order_id": order.id,
                "user_id": self.env.uid,
                "reason": self.reason,
                "amount_total": order.amount_total,
                "order_currency_id": order.currency_id.id,
                "exposure": receivable + ordered + order._sdp_amount_company_currency(),
                "credit_limit": profile.credit_limit if profile else 0.0,
                "refusal": refusal,
            }
        )
        order.message_post(
            body=self.env._(
                "Released from the credit control (P6.3.1) by %(user)s: %(reason)s",
                user=self.env.user.name,
                reason=self.reason,
            )
        )
        return {"type": "ir.actions.act_window_close"}
