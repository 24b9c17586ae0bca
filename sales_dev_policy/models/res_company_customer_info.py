"""Customer information switches of a company: who sees customers, exports, marketing consent,
review interval (P4.2.2, P4.3). Feature: customer information."""

from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    sdp_restrict_customers = fields.Boolean(
        string="Restrict Customers to Their Salesperson",
        help="P4.3.3: salespeople only see the customers they own, follow or that have no "
        "salesperson; team leaders also those of their team members. Off: standard Odoo.",
    )
    sdp_restrict_export = fields.Boolean(
        string="Restrict Exports to Managers",
        help="P4.3.1: only sales managers may export leads and customers.",
    )
    sdp_marketing_consent_only = fields.Boolean(
        string="Marketing Only with Consent",
        help="P4.3.2: mass mailings (with the sales_dev_policy_mass_mailing add-on) send nothing "
        "to customers without a valid written marketing consent. Off: standard Odoo.",
    )
    sdp_review_interval_days = fields.Integer(
        string="Customer Review Interval (days)",
        default=180,
        help="P4.2.2: a customer record not reviewed for this many days gets an update "
        "activity for its salesperson. 0 disables the reminder.",
    )

    def _sdp_settings_checked_fields(self):
        return super()._sdp_settings_checked_fields() + [
            "sdp_review_interval_days",
        ]

    def _sdp_settings_problems(self):
        problems = super()._sdp_settings_problems()
        for fname in ("sdp_review_interval_days",):
            if self[fname] < 0:
                problems.append(
                    self.env._(
                        "%(setting)s cannot be negative", setting=self._sdp_setting_label(fname)
                    )
                )
        return problems

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        if any(company.sdp_restrict_customers for company in companies):
            # The record rules list the restricting companies (ir.rule._eval_context) and
            # their domains are cached: drop the cache so the new company applies at once.
            self.env.registry.clear_cache()
        return companies

    def write(self, vals):
        res = super().write(vals)
        if "sdp_restrict_customers" in vals:
            # The record rules read this switch through ir.rule's evaluation context, and
            # their domains are cached: drop the cache so the new setting applies at once.
            self.env.registry.clear_cache()
        return res
