"""The printed documents of the policy are read with the rights of whoever prints them. Shared by
the printed documents of every feature."""

from odoo import api, models


class SdpReportAccess(models.AbstractModel):
    """Values of a printed document whose records the printing user must be allowed to read.

    The records are checked before the template runs, so a user without access gets the
    AccessError Odoo shows everywhere, not a template error."""

    _name = "sdp.report.access"
    _description = "Printed Document Read with the Printing User's Rights"
    # The model of the records the document prints.
    _sdp_report_model = None

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[self._sdp_report_model].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docs.ids,
            "doc_model": docs._name,
            "docs": docs,
            **self._sdp_report_extra_values(docs),
        }

    @api.model
    def _sdp_report_extra_values(self, docs):
        """What the document shows beyond its records (hook)."""
        return {}
