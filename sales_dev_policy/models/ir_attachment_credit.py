"""The documents of the credit file stay with credit officers and managers (P4.3.3, P6.3.2).

Odoo lets whoever reads a record read the attachments filed on it (res_model/res_id); the
salesperson who requested an assessment reads the assessment, so its documents are refused here
on every path: read by id, search, download (/web/content reads the attachment as the user),
write and unlink. Feature: credit.
"""

from odoo import api, models
from odoo.exceptions import AccessError

# Models whose attachments form the credit file (readers: sdp.credit.assessment
# _sdp_reads_credit_file).
CREDIT_FILE_MODELS = ("sdp.credit.assessment", "sdp.credit.profile")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _sdp_credit_file_refused(self):
        """Whether the user is kept out of credit file documents (not an officer or manager)."""
        return not self.env["sdp.credit.assessment"]._sdp_reads_credit_file()

    def _sdp_credit_file_attachments(self):
        return self.browse(
            attachment.id
            # sudo: reads only which record each attachment is filed on, to decide access.
            for attachment in self.sudo()
            if attachment.res_model in CREDIT_FILE_MODELS
        )

    def _sdp_credit_file_error(self):
        return AccessError(
            self.env._(
                "The documents of a credit assessment are part of the credit file: only credit "
                "officers and sales managers open them (P6.3.2). Ask a credit officer for the "
                "assessment's result."
            )
        )

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if not self._ids or not self._sdp_credit_file_refused():
            return result
        credit_files = self._sdp_credit_file_attachments()
        if not credit_files:
            return result
        forbidden = credit_files | (result[0] if result else self.browse())
        return forbidden, self._sdp_credit_file_error

    @api.model
    def check(self, mode, values=None):
        res = super().check(mode, values=values)
        if self._sdp_credit_file_refused() and (
            (self and self._sdp_credit_file_attachments())
            or (values and values.get("res_model") in CREDIT_FILE_MODELS)
        ):
            raise self._sdp_credit_file_error()
        return res

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._sdp_credit_file_refused():
            domain = [
                "|",
                ("res_model", "=", False),
                ("res_model", "not in", CREDIT_FILE_MODELS),
            ] + list(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)


class IrAttachmentSignature(models.Model):
    """The customer's signature of a quotation is an attachment of its ``signature`` field:
    written that way it is judged like the field (P3.7.3, Legal before signing)."""

    _inherit = "ir.attachment"  # pylint: disable=consider-merging-classes-inherited

    def _sdp_signed_orders(self):
        # sudo: which order each signature attachment belongs to, to judge the order.
        signatures = self.sudo().filtered(
            lambda a: a.res_model == "sale.order" and a.res_field == "signature" and a.res_id
        )
        return self.env["sale.order"].browse(signatures.mapped("res_id")).exists()

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        attachments._sdp_signed_orders()._sdp_legal_check_accepted()
        return attachments

    def write(self, vals):
        res = super().write(vals)
        if {"datas", "raw", "res_field", "res_id", "res_model"} & set(vals):
            self._sdp_signed_orders()._sdp_legal_check_accepted()
        return res
