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
        # sudo: reads only which companies have the switch on (ids, no other data); reading it
        # under record rules would evaluate the res.company rules, hence this method, again.
        restricting = self.env["res.company"].sudo().search([("sdp_restrict_customers", "=", True)])
        context["sdp_restricted_company_ids"] = restricting.ids
        context["sdp_restrict_customers"] = bool(self.env.companies & restricting)
        return context
