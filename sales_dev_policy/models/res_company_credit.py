"""Credit gates and the overdue watch of a company (P6.3). Feature: credit."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # Every gate is off by default: standard Odoo is unchanged.
    sdp_credit_order_gate = fields.Boolean(
        string="Credit Gate on Sale Orders",
        help="P6.3.1: a sale order cannot be confirmed when its customer is blocked, has no "
        "approved and current credit profile, or would exceed its credit limit.",
    )
    sdp_credit_lead_gate = fields.Boolean(
        string="Credit Gate on Pipeline Stages",
        help="P6.3.1: leads cannot enter the pipeline stages marked 'Requires Approved Credit' "
        "(by default Proposal and Contract) without an approved, current credit profile.",
    )
    sdp_credit_overdue_days = fields.Integer(
        string="Watch Overdue Receivables After (days)",
        default=30,
        help="P6.3.2: customers with receivables overdue by more than this many days are put "
        "on watch by a daily scheduled action. 0 disables it.",
    )

    def _sdp_settings_checked_fields(self):
        return super()._sdp_settings_checked_fields() + [
            "sdp_credit_overdue_days",
        ]

    def _sdp_settings_problems(self):
        problems = super()._sdp_settings_problems()
        for fname in ("sdp_credit_overdue_days",):
            if self[fname] < 0:
                problems.append(
                    self.env._(
                        "%(setting)s cannot be negative", setting=self._sdp_setting_label(fname)
                    )
                )
        return problems
