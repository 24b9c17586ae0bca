"""The SMS composer's opt-out hook leaves out people without a marketing consent (P4.3.2).
Feature: customer information (SMS mailing bridge)."""

from odoo import models


class SmsComposer(models.TransientModel):
    _inherit = "sms.composer"

    def _get_optout_record_ids(self, records, recipients_info):
        """Odoo's opt-out hook of SMS mailings: an SMS marketing mailing (``mailing_id`` set)
        reaches only consenting people; SMS sent without a mailing are not marketing."""
        opt_out = super()._get_optout_record_ids(records, recipients_info)
        mailing = self.mailing_id
        if not mailing or not mailing._sdp_consent_applies():
            return opt_out
        return list(opt_out) + mailing._sdp_opt_out_sms_record_ids(records, recipients_info)
