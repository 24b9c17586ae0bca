"""SMS mailings follow the marketing consent too (P4.3.2).
Feature: customer information (SMS mailing bridge)."""

from odoo import models


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def _sdp_consent_applies(self):
        self.ensure_one()
        if self.mailing_type == "sms":
            return self._sdp_consent_company().sdp_marketing_consent_only
        return super()._sdp_consent_applies()

    def _sdp_opt_out_sms_record_ids(self, records, recipients_info):
        """Of ``records``, those this SMS mailing must not reach (P4.3.2): the person the
        number belongs to gave the mailing's company no valid marketing consent.

        The person is the record's customer (a contact, a lead's customer) or, without one, the
        contact whose number it is; a mailing-list subscriber whose number belongs to no contact
        opted in to the list and stays; other records without a person are left out.
        """
        self.ensure_one()
        company = self._sdp_consent_company()
        Partner = self.env["res.partner"]
        consenting = Partner._sdp_consent_partner_ids(company)
        numbers = {
            info["sanitized"]
            for info in recipients_info.values()
            if info["sanitized"] and not info["partner"]
        }
        # sudo: which contacts own the numbers of this mailing's own recipients, whatever the
        # sender's customer rules; only the ids of records to leave out are kept.
        owners = (
            Partner.sudo()
            .with_context(active_test=False)
            .search_fetch([("phone_sanitized", "in", list(numbers))], ["phone_sanitized"])
            if numbers
            else Partner
        )
        owner_consents = {}
        for owner in owners:
            owner_consents[owner.phone_sanitized] = (
                owner_consents.get(owner.phone_sanitized, False) or owner.id in consenting
            )
        internal = set(
            # sudo: numbers of internal users are colleagues', not customers'.
            self.env["res.users"].sudo().search([("share", "=", False)]).partner_id.ids
        )
        out = []
        for record in records:
            info = recipients_info[record.id]
            partner = info["partner"]
            if partner:
                if partner.id not in consenting and partner.id not in internal:
                    out.append(record.id)
            elif info["sanitized"] in owner_consents:
                if not owner_consents[info["sanitized"]]:
                    out.append(record.id)
            elif self.mailing_model_real != "mailing.contact":
                out.append(record.id)
        return out
