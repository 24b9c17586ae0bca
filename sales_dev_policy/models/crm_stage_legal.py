from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    # LEGAL (issue 5). The pipeline policy's Contract stage
    # (P3.7, ``sdp_policy_step == 'contract'``) is expected to have both booleans set.
    sdp_require_legal_review = fields.Boolean(
        string="Orders Need Legal Review",
        help="Quotations of opportunities in this stage need an approved legal review before "
        "confirmation, when the company enables the 'Contract stage' legal review trigger "
        "(P3.7.3).",
    )
    sdp_require_legal_approval = fields.Boolean(
        string="Entry Needs Approved Legal Review",
        help="An opportunity can only enter this stage when at least one of its quotations has "
        "an approved legal review (P3.7.3, P6.4).",
    )
