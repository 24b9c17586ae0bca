"""Competitors met in the market and in negotiations (P3.1). Feature: pipeline."""

from odoo import fields, models


class SdpCompetitor(models.Model):
    """A competitor, its strengths and weaknesses (P6.2.1)."""

    _name = "sdp.competitor"
    _description = "Competitor (Policy)"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, index=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Company Contact")
    industry_id = fields.Many2one(comodel_name="res.partner.industry", string="Industry")
    strengths = fields.Text()
    weaknesses = fields.Text()
    differentiation = fields.Text(string="How We Differ")
    lead_ids = fields.Many2many(
        comodel_name="crm.lead",
        relation="crm_lead_sdp_competitor_rel",
        column1="competitor_id",
        column2="lead_id",
        string="Leads",
    )
    research_ids = fields.Many2many(
        comodel_name="sdp.market.research",
        relation="sdp_market_research_competitor_rel",
        column1="competitor_id",
        column2="research_id",
        string="Market Research",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        index=True,
        default=lambda self: self.env.company,
    )
