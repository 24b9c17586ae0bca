"""Customers' written consents to use their information for other purposes (P4.3.2).
Feature: customer information."""

from odoo import api, fields, models
from odoo.osv import expression

from .sdp_permit import raise_audit_record

CONSENT_SCOPE = [
    ("marketing", "Marketing"),
    ("sharing", "Sharing with Third Parties"),
    ("other", "Other Commercial Use"),
]


class SdpCustomerConsent(models.Model):
    """Written consent of a customer to use their information for other purposes (P4.3.2)."""

    _name = "sdp.customer.consent"
    _description = "Customer Consent (Policy)"
    _inherit = ["mail.thread"]
    _order = "date_consent desc, id desc"
    _check_company_auto = True
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    scope = fields.Selection(
        selection=CONSENT_SCOPE,
        required=True,
        default="marketing",
        index=True,
        tracking=True,
    )
    date_consent = fields.Date(
        string="Consent Date",
        required=True,
        default=lambda self: self.env.company._sdp_today(),
        tracking=True,
    )
    date_valid_until = fields.Date(
        string="Valid Until", index=True, tracking=True, help="Empty: valid until withdrawn."
    )
    document = fields.Binary(string="Signed Document", attachment=True)
    document_name = fields.Char()
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    note = fields.Text(string="Notes")
    active = fields.Boolean(default=True, help="Archive a consent the customer withdrew.")
    is_valid = fields.Boolean(string="Valid", compute="_compute_is_valid")

    _sql_constraints = [
        (
            "date_valid_until_check",
            "CHECK(date_valid_until IS NULL OR date_valid_until >= date_consent)",
            "A consent cannot expire before it was given (P4.3.2).",
        ),
    ]

    @api.depends("date_consent", "date_valid_until", "active", "company_id")
    def _compute_is_valid(self):
        # Validity is judged on the consent's company's calendar (P4.3.2), whoever reads it.
        for consent in self:
            today = consent.company_id._sdp_today()
            consent.is_valid = (
                consent.active
                and consent.date_consent <= today
                and (not consent.date_valid_until or consent.date_valid_until >= today)
            )

    @api.model
    def _sdp_valid_domain(self, scope="marketing"):
        """Consents of ``scope`` valid today, each on its own company's calendar."""
        # sudo: reads only the companies' time zones to know each company's date.
        companies = self.env["res.company"].sudo().search([])
        per_company = [
            [
                ("company_id", "=", company.id),
                ("date_consent", "<=", today),
                "|",
                ("date_valid_until", "=", False),
                ("date_valid_until", ">=", today),
            ]
            for company, today in ((c, c._sdp_today()) for c in companies)
        ]
        return expression.AND([[("scope", "=", scope)], expression.OR(per_company)])

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise_audit_record(self)
