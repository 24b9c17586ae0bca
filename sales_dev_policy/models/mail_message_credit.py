"""The officers' notes in the chatter of a credit assessment stay in the credit file (P6.3.2).
Feature: credit."""

from odoo import api, models


class MailMessage(models.Model):
    _inherit = "mail.message"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _find_allowed_model_wise(self, doc_model, doc_dict):
        # Odoo shows a record's messages to whoever reads the record; the requester of an
        # assessment reads it, but not the officers' notes on it. Messages they wrote or that
        # were addressed to them are allowed before this (mail.message._search).
        if (
            doc_model == "sdp.credit.assessment"
            and not self.env[doc_model]._sdp_reads_credit_file()
        ):
            return set()
        return super()._find_allowed_model_wise(doc_model, doc_dict)
