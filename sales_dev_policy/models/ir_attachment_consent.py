"""The document of a consent is its written proof (P4.3.2): the attachment that holds a consent's
``document`` is written through the consent only, where the consent's own rule applies (once
attached it stays as recorded), never created, replaced or removed on its own through
``ir.attachment``. Feature: customer information."""

from odoo import api, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"  # pylint: disable=consider-merging-classes-inherited

    def _sdp_check_consent_documents(self):
        if self.env.su:
            return  # the consent's own field writes its attachment as superuser
        documents = self.sudo().filtered(  # sudo: only which attachments hold a consent's proof
            lambda a: a.res_model == "sdp.customer.consent" and a.res_field == "document"
        )
        if documents:
            raise UserError(
                self.env._(
                    "The document of a consent is the written proof of what the person agreed to "
                    "(P4.3.2): attach it on the consent itself, where it then stays as recorded."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        attachments._sdp_check_consent_documents()
        return attachments

    def write(self, vals):
        self._sdp_check_consent_documents()
        res = super().write(vals)
        self._sdp_check_consent_documents()
        return res

    def unlink(self):
        self._sdp_check_consent_documents()
        return super().unlink()
