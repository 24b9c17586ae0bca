"""Exports of customer information on every model (P4.3.1, P4.3.3): restricted to managers where
the company says so, and logged. Feature: customer information.

Customer information is what a customer record holds (contacts, leads) and what refers to one
(orders, invoices, consents, credit files, activities...): an export is of customer information
when its model is one of those, or when one of its exported fields leads to a contact or a lead
(``partner_id/email`` from any model). The export feature (``export_data``, behind the web
client's Export and import-compatible export) is the bulk way out; reading records stays governed
by the record rules, and is not logged.
"""

from odoo import api, models
from odoo.exceptions import UserError

MANAGER_GROUP = "sales_dev_policy.group_sdp_manager"
ACCOUNTANT_GROUP = "account.group_account_invoice"


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _sdp_customer_data_models(self):
        """Models whose records are customer information (P4.1.1: basic, business, needs and
        transaction information). Add-ons extend the set."""
        return {
            "res.partner",
            "crm.lead",
            "sale.order",
            "sale.order.line",
            "sale.report",
            "account.move",
            "account.move.line",
            "account.invoice.report",
            "crm.activity.report",
            "sdp.customer.consent",
            "sdp.credit.profile",
            "sdp.credit.assessment",
        }

    def _sdp_exports_customer_data(self, fields_to_export):
        customer_models = self._sdp_customer_data_models()
        if self._name in customer_models:
            return True
        for path in fields_to_export:
            model = self
            for name in path.split("/"):
                field = model._fields.get(name)  # "id" and ".id" are not fields: the path ends
                if field is None or not field.relational:
                    break
                if field.comodel_name in customer_models:
                    return True
                model = self.env[field.comodel_name]
        return False

    def _sdp_check_export(self):
        """P4.3.1 / P4.3.3: where one of the user's companies restricts exports, only sales
        managers export customer information."""
        env = self.env
        restricting = env.companies.filtered("sdp_restrict_export")
        if restricting and not self._sdp_export_allowed():
            raise UserError(
                env._(
                    "Exporting %(records)s is restricted to sales managers in %(company)s "
                    "(confidentiality of customer information, P4.3.1 and P4.3.3). "
                    "Ask a sales manager to export the records you need.",
                    records=env["ir.model"]._get(self._name).name,
                    company=", ".join(restricting.mapped("name")),
                )
            )

    def _sdp_export_allowed(self):
        """Who exports customer information where the company restricts it: sales managers;
        and accountants their accounting records (journal items, invoices, payments), which
        their work exports to auditors and tax filings. Both are logged."""
        user = self.env.user
        return user.has_group(MANAGER_GROUP) or (
            self._name.startswith("account.") and user.has_group(ACCOUNTANT_GROUP)
        )

    def _sdp_log_export(self, fields_to_export, count):
        env = self.env
        # sudo: the log is written by the export itself; users may neither write nor forge it
        # (create is refused to them, see sdp.export.log.create).
        env["sdp.export.log"].sudo().create(
            {
                "user_id": env.uid,
                "company_id": env.company.id,
                "model_name": self._name,
                "model_description": env["ir.model"]._get(self._name).name,
                "record_count": count,
                "field_names": "\n".join(fields_to_export),
                "restricted": bool(env.companies.filtered("sdp_restrict_export")),
            }
        )

    def export_data(self, fields_to_export):
        if self.env.su or not self._sdp_exports_customer_data(fields_to_export):
            return super().export_data(fields_to_export)
        self._sdp_check_export()
        result = super().export_data(fields_to_export)
        self._sdp_log_export(fields_to_export, len(self))
        return result
