"""The composer's opt-out list leaves out people without a marketing consent (P4.3.2).
Feature: customer information (mailing bridge)."""

from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _get_optout_emails(self, mail_values_dict):
        """Odoo's opt-out hook of a mass mailing: a marketing mailing (``mass_mailing_id`` set)
        reaches only consenting people. Mass-sending quotations or invoices without a mailing is
        not marketing and stays as it is."""
        opt_out = super()._get_optout_emails(mail_values_dict)
        mailing = self.mass_mailing_id
        if not mailing or not mailing._sdp_consent_applies():
            return opt_out
        recipients = self._get_recipients_data(mail_values_dict)
        emails = {
            email for info in recipients.values() for email in info["mail_to_normalized"] if email
        }
        return set(opt_out) | mailing._sdp_opt_out_emails(emails)
