"""Marketing mailings reach only customers with a valid written consent (P4.3.2).
Feature: customer information (mailing bridge)."""

from odoo import api, fields, models
from odoo.osv import expression

# Recipient models whose records are (or belong to) customers: P4.3.2 applies to them.
SDP_CONSENT_MODELS = ("res.partner", "crm.lead", "mailing.contact")


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    sdp_consent_excluded_count = fields.Integer(
        string="Recipients without Consent",
        compute="_compute_sdp_consent_excluded_count",
        help="P4.3.2: recipients left out of this mailing because their customer gave no valid "
        "written marketing consent (Settings > Customer Development Policy > Marketing Only "
        "with Consent).",
    )

    @api.depends("mailing_model_id", "mailing_domain", "contact_list_ids", "user_id")
    def _compute_sdp_consent_excluded_count(self):
        self.sdp_consent_excluded_count = 0
        for mailing in self:
            if not mailing.mailing_model_id or not mailing._sdp_consent_applies():
                continue
            base_domain = mailing._sdp_recipients_domain_without_consent()
            model = self.env[mailing.mailing_model_real]
            mailing.sdp_consent_excluded_count = model.search_count(
                base_domain
            ) - model.search_count(
                expression.AND([base_domain, mailing._sdp_consent_domain(base_domain)])
            )

    def _get_recipients_domain(self):
        """P4.3.2: at send time (and in the recipient count) only consenting customers.

        No context key switches this off: the context is the caller's to set over RPC.
        """
        domain = super()._get_recipients_domain()
        if self._sdp_consent_applies():
            domain = expression.AND([domain, self._sdp_consent_domain(domain)])
        return domain

    def _sdp_recipients_domain_without_consent(self):
        """The recipients Odoo alone would select, to count those the consent leaves out."""
        return super()._get_recipients_domain()

    def _sdp_consent_company(self):
        """The company whose policy governs the mailing: its responsible's, else the current."""
        self.ensure_one()
        return self.user_id.company_id or self.env.company

    def _sdp_consent_applies(self):
        self.ensure_one()
        return (
            self.mailing_model_real in SDP_CONSENT_MODELS
            and self._sdp_consent_company().sdp_marketing_consent_only
        )

    def _sdp_consent_domain(self, base_domain):
        """Domain on the recipient model keeping only customers with a valid consent (P4.3.2).

        - contacts (``res.partner``): their commercial partner consented;
        - leads: their customer's commercial partner consented (leads without customer have none);
        - mailing list contacts: those whose e-mail belongs to a customer need a consent of one
          of the customers with that e-mail; addresses of no customer are kept (list opt-in).
        """
        self.ensure_one()
        Partner = self.env["res.partner"]
        consenting = list(Partner._sdp_marketing_consent_partner_ids())
        model = self.mailing_model_real
        if model == "res.partner":
            return [("commercial_partner_id", "in", consenting)]
        if model == "crm.lead":
            # sudo: the sub-query only selects ids of partners of consenting customers to filter
            # the user's own lead search; no partner data reaches the user.
            return [
                (
                    "partner_id",
                    "in",
                    Partner.sudo()._search([("commercial_partner_id", "in", consenting)]),
                )
            ]
        contacts = self.env[model].search_fetch(base_domain, ["email_normalized"])
        emails = list(set(contacts.mapped("email_normalized")) - {False})
        # sudo: compares the e-mails of this mailing's own audience with customers' e-mails
        # (whatever the user's customer rules); only the excluded addresses are used, as a filter.
        customers = Partner.sudo().search_fetch(
            [("email_normalized", "in", emails)], ["email_normalized", "commercial_partner_id"]
        )
        allowed = {
            partner.email_normalized
            for partner in customers
            if partner.commercial_partner_id.id in set(consenting)
        }
        blocked = set(customers.mapped("email_normalized")) - allowed
        return [("email_normalized", "not in", sorted(blocked))] if blocked else []
