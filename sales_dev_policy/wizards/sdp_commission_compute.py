"""Collects the month for computing commission sheets (P5.1.1). Feature: incentive."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models


class SdpCommissionCompute(models.TransientModel):
    """Managers compute the commission sheets of a month (P5.1.1): the missing sheets are
    created, draft ones recomputed, confirmed and paid ones left alone."""

    _name = "sdp.commission.compute"
    _description = "Compute Commissions"

    def _default_month(self):
        # The company's calendar, as the monthly cron uses (P5.1.1).
        return self.env.company._sdp_today().replace(day=1) - relativedelta(months=1)

    date_month = fields.Date(
        string="Month",
        required=True,
        default=_default_month,
        help="Any day of the month to compute; by default last month.",
    )
    company_ids = fields.Many2many(
        comodel_name="res.company",
        string="Companies",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )

    def action_compute(self):
        self.ensure_one()
        sheets = self.env["sdp.commission.sheet"]._generate(self.date_month, self.company_ids)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_dev_policy.sdp_commission_sheet_action"
        )
        action["domain"] = [("id", "in", sheets.ids)]
        action["context"] = {}
        return action
