"""Legal review settings (P3.7.3, P6.4). Feature: legal."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    sdp_legal_on_every_order = fields.Boolean(
        related="company_id.sdp_legal_on_every_order", readonly=False
    )
    sdp_legal_before_signing = fields.Boolean(
        related="company_id.sdp_legal_before_signing", readonly=False
    )
    sdp_legal_on_contract_stage = fields.Boolean(
        related="company_id.sdp_legal_on_contract_stage", readonly=False
    )
    sdp_legal_on_amount = fields.Boolean(related="company_id.sdp_legal_on_amount", readonly=False)
    sdp_legal_amount_threshold = fields.Monetary(
        related="company_id.sdp_legal_amount_threshold",
        readonly=False,
        currency_field="currency_id",
    )
    sdp_legal_on_payment_term = fields.Boolean(
        related="company_id.sdp_legal_on_payment_term", readonly=False
    )
    sdp_legal_standard_payment_term_ids = fields.Many2many(
        related="company_id.sdp_legal_standard_payment_term_ids", readonly=False
    )
    sdp_legal_on_product = fields.Boolean(related="company_id.sdp_legal_on_product", readonly=False)
    sdp_legal_product_tmpl_ids = fields.Many2many(
        related="company_id.sdp_legal_product_tmpl_ids", readonly=False
    )
    sdp_legal_product_categ_ids = fields.Many2many(
        related="company_id.sdp_legal_product_categ_ids", readonly=False
    )
    sdp_legal_reviewer_id = fields.Many2one(
        related="company_id.sdp_legal_reviewer_id", readonly=False
    )
    sdp_legal_print_approval = fields.Boolean(
        related="company_id.sdp_legal_print_approval", readonly=False
    )
