"""Credit gates, the overdue watch and what "watch" means for a company (P6.3). Feature: credit."""

from odoo import fields, models

from .sdp_credit_profile import VALID_CREDIT_STATES

# P6.3.1, P6.3.2: what a customer on watch means for its orders; the company chooses.
CREDIT_WATCH_MODES = [
    ("warn", "Warn"),
    ("release", "Release Each Order"),
    ("reduce", "Reduce the Limit"),
]


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
    sdp_credit_watch_mode = fields.Selection(
        selection=CREDIT_WATCH_MODES,
        string="Credit Watch Means",
        required=True,
        default="warn",
        help="P6.3.1, P6.3.2: what the credit gate on sale orders does for a customer on watch. "
        "Warn: orders within the limit are confirmed, the order shows the watch. Release Each "
        "Order: every order needs a credit officer's release. Reduce the Limit: the limit in "
        "force is the credit limit reduced by the percentage below.",
    )
    sdp_credit_watch_reduction = fields.Float(
        string="Watch Limit Reduction (%)",
        default=50.0,
        help="P6.3.1: with 'Reduce the Limit', a customer on watch has this percentage less of "
        "its credit limit (100: no credit while on watch).",
    )

    def _sdp_settings_checked_fields(self):
        return super()._sdp_settings_checked_fields() + [
            "sdp_credit_overdue_days",
            "sdp_credit_watch_reduction",
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
        if not 0 <= self.sdp_credit_watch_reduction <= 100:
            problems.append(
                self.env._(
                    "%(setting)s must be between 0 and 100",
                    setting=self._sdp_setting_label("sdp_credit_watch_reduction"),
                )
            )
        return problems

    def write(self, vals):
        res = super().write(vals)
        if {"sdp_credit_order_gate", "sdp_credit_lead_gate"} & set(vals):
            # Customers without valid credit get the placeholder limit while a gate applies,
            # Odoo's own default when none does (P6.3.1).
            # sudo: as below; only the limit mirrors of profiles without valid credit change.
            self.env["sdp.credit.profile"].sudo().search(
                [("company_id", "in", self.ids), ("state", "not in", list(VALID_CREDIT_STATES))]
            )._sdp_sync_odoo_credit_limit()
        if {"sdp_credit_watch_mode", "sdp_credit_watch_reduction"} & set(vals):
            # The limit in force of customers on watch follows the company's choice, and Odoo's
            # own credit limit follows the limit in force (P6.3.2: one credit limit).
            # sudo: the company's settings changed (their own access rights were checked by the
            # write above); only Odoo's limit mirrors of the profiles on watch are rewritten.
            self.env["sdp.credit.profile"].sudo().search(
                [("company_id", "in", self.ids), ("state", "=", "watch")]
            )._sdp_sync_odoo_credit_limit()
        return res
