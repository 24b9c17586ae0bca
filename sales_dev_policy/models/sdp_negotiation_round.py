"""Rounds of a negotiation (P3.6). Feature: pipeline."""

from odoo import fields, models


class SdpNegotiationRound(models.Model):
    """A negotiation round of an opportunity (P3.6.3: record the important information)."""

    _name = "sdp.negotiation.round"
    _description = "Negotiation Round (Policy)"
    _order = "date desc, id desc"
    _check_company_auto = True

    lead_id = fields.Many2one(
        comodel_name="crm.lead",
        string="Opportunity",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        index=True,
    )
    participant_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="sdp_negotiation_round_partner_rel",
        column1="round_id",
        column2="partner_id",
        string="Participants",
    )
    key_points = fields.Text()
    agreed_terms = fields.Text()
    open_points = fields.Text()
    company_id = fields.Many2one(
        related="lead_id.company_id", store=True, index=True, string="Company"
    )
