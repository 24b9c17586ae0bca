"""Classification of prospects and customers by size, industry and potential (P3.2.3,
P4.2.3). Feature: customer information."""

from odoo import fields, models

# P3.2.3 / P4.2.3: prospects and customers are classified by size, industry and potential.
COMPANY_SIZE = [
    ("micro", "Micro (< 10 staff)"),
    ("small", "Small (10-49)"),
    ("medium", "Medium (50-249)"),
    ("large", "Large (250+)"),
]
POTENTIAL = [
    ("a", "A - high potential"),
    ("b", "B - medium potential"),
    ("c", "C - low potential"),
]


class SdpClassificationMixin(models.AbstractModel):
    """Classification shared by leads and customers (P3.2.3, P4.2.3)."""

    _name = "sdp.classification.mixin"
    _description = "Customer Classification (Policy)"

    sdp_company_size = fields.Selection(
        selection=COMPANY_SIZE,
        string="Company Size",
        index=True,
        tracking=True,
        groups="base.group_user",
    )
    sdp_potential = fields.Selection(
        selection=POTENTIAL,
        string="Potential",
        index=True,
        tracking=True,
        groups="base.group_user",
    )
