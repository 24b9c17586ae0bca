"""What a quotation signed by the customer records on its opportunity (the acceptance of the
proposal, P3.5.3), and what a confirmed order of a won opportunity adds to its follow-up: a
milestone on the order's delivery date (P3.8.2). Feature: pipeline."""

from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        res = super().write(vals)
        if vals.get("signed_by"):
            self._sdp_record_signed_acceptance()
        return res

    def _sdp_record_signed_acceptance(self):
        """P3.5.3: a quotation the customer signed (on the portal) is the customer's acceptance
        of the proposal; it is recorded on the policy opportunity that has none yet. A signer
        who is not a contact of the opportunity's customer records nothing (the salesperson
        does, by hand)."""
        # sudo: the customer signs as a portal user, who cannot write the opportunity; only
        # the signature's own facts (signer's company, date, this quotation) are written.
        for order in self.sudo().filtered("opportunity_id.sdp_policy_step"):
            lead = order.opportunity_id
            customer = lead.partner_id.commercial_partner_id
            contact = order.partner_id
            if (
                lead.sdp_proposal_order_id
                or lead.sdp_proposal_attachment_id
                or (customer and contact.commercial_partner_id != customer)
            ):
                continue
            lead.write(
                {
                    "sdp_proposal_presentation": lead.sdp_proposal_presentation or "portal",
                    "sdp_date_proposal_accepted": fields.Date.context_today(
                        order, order.signed_on or fields.Datetime.now()
                    ),
                    "sdp_proposal_contact_id": lead.sdp_proposal_contact_id.id or contact.id,
                    "sdp_proposal_order_id": order.id,
                }
            )

    def _action_confirm(self):
        res = super()._action_confirm()
        # P3.8.2: an order confirmed after its opportunity was won brings its delivery date
        # into the follow-up (orders confirmed before Won are planned on Won).
        self._sdp_plan_order_milestones()
        return res

    def _sdp_plan_order_milestones(self):
        """One follow-up milestone per confirmed order of a won policy opportunity, due on the
        order's delivery date (commitment date, else the expected date); once per order."""
        # sudo: the milestone is planned by the system from the order's own dates, for the
        # order's opportunity; whoever confirms (salesperson, portal signature, payment) may
        # have no right on the lead's follow-up.
        orders = self.sudo().filtered(
            lambda o: o.state == "sale" and o.opportunity_id.sdp_policy_step == "won"
        )
        if not orders:
            return
        # sudo: the milestones of confirmed orders are the system's follow-up of the contract
        # (P3.8.2), planned whoever confirms the order (a customer signing on the portal).
        Milestone = self.env["sdp.followup.milestone"].sudo()
        planned = {
            order
            for [order] in Milestone._read_group([("order_id", "in", orders.ids)], ["order_id"])
        }
        vals_list = []
        for order in orders.filtered(lambda o: o not in planned):
            when = order.commitment_date or order.expected_date
            if not when:
                continue
            lead = order.opportunity_id
            vals_list.append(
                {
                    "name": self.env._("Delivery of order %(order)s", order=order.name),
                    "lead_id": lead.id,
                    "order_id": order.id,
                    "kind": "order",
                    "date_deadline": fields.Date.context_today(order, when),
                    "user_id": (lead.user_id or order.user_id or self.env.user).id,
                }
            )
        if vals_list:
            Milestone.create(vals_list)
