"""The customer restriction switch, for the record rules that keep customers confidential
(P4.3.3). Feature: customer information."""

from odoo import api, models


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _eval_context(self):
        """Expose which customers are restricted to their salesperson to rule domains (P4.3.3).

        A customer follows its own company's switch: ``sdp_restricted_company_ids`` lists the
        companies that restrict their customers; a customer without a company is restricted when
        any company the user works in restricts (``sdp_restrict_customers``). Rule domains are
        cached per set of active companies and the cache is cleared when a switch changes
        (res.company.create/write), so both values are stable for a cached domain.
        """
        context = super()._eval_context()
        restricting = self.env["res.company"]._sdp_restricting_company_ids()
        context["sdp_restricted_company_ids"] = list(restricting)
        context["sdp_restrict_customers"] = bool(set(self.env.companies.ids) & set(restricting))
        return context
