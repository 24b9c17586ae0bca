"""The customer restriction switch, for the record rules that keep customers confidential
(P4.3.3). Feature: customer information."""

from odoo import api, models


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _eval_context(self):
        """Expose the current company's customer restriction switch to rule domains (P4.3.3).

        ``sdp_restrict_customers`` is read from the company the user works in; the rule cache is
        keyed on the allowed companies, and cleared when the switch changes (res.company.write).
        """
        context = super()._eval_context()
        # sudo: reads one boolean switch of the company the user works in; reading it under
        # record rules would evaluate the res.company rules, hence this method, again.
        context["sdp_restrict_customers"] = self.env.company.sudo().sdp_restrict_customers
        return context
