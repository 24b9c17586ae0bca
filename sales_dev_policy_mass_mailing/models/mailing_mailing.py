"""Marketing mailings reach only people with a valid written consent (P4.3.2).
Feature: customer information (mailing bridge).

The consent is applied where Odoo applies its own opt-outs: the composer's opt-out list
(``mail.compose.message._get_optout_emails``), which every e-mail of a marketing mailing goes
through, whatever the model of the mailing (contacts, leads, orders, invoices, list contacts), the
records chosen (its domain or explicit ids) or the way it is sent (the queue, "Send now", the
mass-mail composer with a mailing). A recipient without consent gets no e-mail and a cancelled
trace "opted out", as a blacklisted address does, so the mailing's statistics say so.
"""

from odoo import api, fields, models


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    sdp_consent_excluded_count = fields.Integer(
        string="Recipients without Consent",
        compute="_compute_sdp_consent_excluded_count",
        help="P4.3.2: recipients this mailing will not reach because they gave the company no "
        "valid written marketing consent (Settings > Customer Development Policy > Marketing "
        "Only with Consent).",
    )

    @api.depends("mailing_model_id", "mailing_domain", "contact_list_ids", "user_id")
    def _compute_sdp_consent_excluded_count(self):
        self.sdp_consent_excluded_count = 0
        for mailing in self:
            if not mailing.mailing_model_id or not mailing._sdp_consent_applies():
                continue
            emails = mailing._sdp_recipient_emails()
            opted_out = mailing._sdp_opt_out_emails(set(emails.values()) - {False})
            mailing.sdp_consent_excluded_count = sum(
                1 for email in emails.values() if not email or email in opted_out
            )

    def _sdp_consent_company(self):
        """The company whose policy governs the mailing: its responsible's, else the current."""
        self.ensure_one()
        return self.user_id.company_id or self.env.company

    def _sdp_consent_applies(self):
        self.ensure_one()
        return (
            self.mailing_type == "mail" and self._sdp_consent_company().sdp_marketing_consent_only
        )

    def _sdp_recipient_emails(self):
        """``{record id: normalized e-mail}`` of the mailing's recipients, for the count."""
        records = self.env[self.mailing_model_real].search(self._get_recipients_domain())
        if "email_normalized" in records._fields:
            return {record.id: record.email_normalized for record in records}
        partner_fields = records._mail_get_partner_fields()
        return {
            record.id: record[partner_fields[0]][:1].email_normalized if partner_fields else False
            for record in records
        }

    def _sdp_opt_out_emails(self, emails):
        """Of ``emails`` (normalized), those this mailing must not reach (P4.3.2): addresses of
        customers' people without a valid marketing consent to the mailing's company.

        A consent belongs to the person at that address: another contact of the same customer,
        or the same person in another company of the group, needs their own. Addresses of
        internal users are not customers'. A mailing-list subscriber whose address belongs to no
        contact of the company's customers opted in to that list, and stays.
        """
        self.ensure_one()
        if not emails:
            return set()
        company = self._sdp_consent_company()
        Partner = self.env["res.partner"]
        consenting = Partner._sdp_consent_partner_ids(company)
        # sudo: compares the mailing's own recipient addresses with the people who own them,
        # whatever the sender's customer rules; only the set of addresses to leave out is kept.
        owners = (
            Partner.sudo()
            .with_context(active_test=False)
            .search_fetch([("email_normalized", "in", list(emails))], ["email_normalized"])
        )
        allowed = {p.email_normalized for p in owners if p.id in consenting}
        # sudo: which of those addresses are internal users' (colleagues, not customers).
        internal = set(
            self.env["res.users"]
            .sudo()
            .search_fetch(
                [("share", "=", False), ("email_normalized", "in", list(emails))],
                ["email_normalized"],
            )
            .mapped("email_normalized")
        )
        known = set(owners.mapped("email_normalized"))
        if self.mailing_model_real == "mailing.contact":
            allowed |= set(emails) - known
        return set(emails) - allowed - internal
