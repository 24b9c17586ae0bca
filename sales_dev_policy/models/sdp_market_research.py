"""Market research records (P3.1). Feature: pipeline."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SdpMarketResearch(models.Model):
    """Periodic market research on industry, market and competitors (P3.1, P2.1.2, P6.1)."""

    _name = "sdp.market.research"
    _description = "Market Research (Policy)"
    _inherit = ["mail.thread"]
    _order = "date_end desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Researcher",
        default=lambda self: self.env.user,
        index=True,
    )
    date_start = fields.Date(string="Period From")
    date_end = fields.Date(string="Period To")
    industry_id = fields.Many2one(comodel_name="res.partner.industry", string="Industry")
    findings = fields.Html(string="Findings and Trends")
    strategy = fields.Html(string="Resulting Strategy")
    risks = fields.Text(string="Market Risks Foreseen")
    competitor_ids = fields.Many2many(
        comodel_name="sdp.competitor",
        relation="sdp_market_research_competitor_rel",
        column1="research_id",
        column2="competitor_id",
        string="Competitors",
    )
    lead_ids = fields.Many2many(
        comodel_name="crm.lead",
        relation="sdp_market_research_crm_lead_rel",
        column1="research_id",
        column2="lead_id",
        string="Leads Concerned",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for research in self:
            if (
                research.date_start
                and research.date_end
                and research.date_end < research.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "Market research %(name)s: the period ends (%(end)s) before it starts "
                        "(%(start)s) (P3.1).",
                        name=research.name,
                        end=research.date_end,
                        start=research.date_start,
                    )
                )
