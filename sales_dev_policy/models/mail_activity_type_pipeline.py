"""Activity types that date the first contact with a prospect (P3.3.2). Feature: pipeline."""

from odoo import fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    # P3.3.2: activity types that count as the first contact with a prospect.
    sdp_is_first_contact = fields.Boolean(
        string="Counts as First Contact",
        help="When an activity of this type is done on a lead, it dates the lead's first "
        "contact (P3.3.2).",
    )
