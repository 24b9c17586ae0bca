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
# P2.2.2 / P4.1.1: what the customer can spend.
PURCHASING_POWER = [
    ("high", "High"),
    ("medium", "Medium"),
    ("low", "Low"),
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
    # P2.2.2 / P4.1.1: the customer information the policy names besides the basics: needs
    # (on leads, the Needs step's own field), preferences and purchasing power. Required
    # information and gates can ask for them like any other field.
    sdp_purchasing_power = fields.Selection(
        selection=PURCHASING_POWER,
        string="Purchasing Power",
        tracking=True,
        groups="base.group_user",
        help="What the customer can spend on the company's products and services (P2.2.2, "
        "P4.1.1).",
    )
    sdp_preferences = fields.Text(
        string="Preferences",
        groups="base.group_user",
        help="The customer's preferences: products, brands, channels, how and when they like "
        "to be contacted (P2.2.2, P4.1.1).",
    )
