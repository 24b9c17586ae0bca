"""When a sale order of the company needs legal review (P3.7.3, P6.4). Feature: legal."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # Every trigger is OFF by default so standard sales flows are unchanged.
    sdp_legal_on_every_order = fields.Boolean(
        string="Legal Review of Every Contract",
        help="Every sale order, repeat orders included, is reviewed by Legal before the customer "
        "signs or pays it and before it is confirmed (P3.7.3: every contract is reviewed "
        "before signing). The policy as written.",
    )
    sdp_legal_before_signing = fields.Boolean(
        string="Customers Sign Only What Legal Approved",
        # On for new companies: it only matters once a trigger makes an order need review.
        default=True,
        help="A quotation that needs legal review cannot be signed or paid online before Legal "
        "approves it: the customer's portal shows it as under review without the sign and pay "
        "buttons, and every route that signs or pays refuses it (P3.7.3). Off: the customer may "
        "sign or pay, and the order waits for the approval before it is confirmed.",
    )
    sdp_legal_on_contract_stage = fields.Boolean(
        string="Legal Review in Contract Stage",
        help="Orders whose opportunity is in a CRM stage marked 'Orders Need Legal Review' "
        "(the policy's Contract stage) need legal review before confirmation (P3.7.3).",
    )
    sdp_legal_on_amount = fields.Boolean(
        string="Legal Review Above Amount",
        help="Orders whose total, in company currency, is above the threshold need legal review.",
    )
    sdp_legal_amount_threshold = fields.Monetary(
        string="Legal Review Threshold",
        currency_field="currency_id",
        help="Total (tax included, company currency) above which an order needs legal review.",
    )
    sdp_legal_on_payment_term = fields.Boolean(
        string="Legal Review for Non-Standard Terms",
        help="Orders with a payment term outside the standard payment terms need legal review.",
    )
    sdp_legal_standard_payment_term_ids = fields.Many2many(
        comodel_name="account.payment.term",
        relation="res_company_sdp_legal_payment_term_rel",
        column1="company_id",
        column2="payment_term_id",
        string="Standard Payment Terms",
        help="Payment terms that do not need legal review; an order without payment term "
        "(immediate payment) counts as standard.",
    )
    sdp_legal_on_product = fields.Boolean(
        string="Legal Review for Chosen Products",
        help="Orders containing one of the chosen products or product categories need "
        "legal review.",
    )
    sdp_legal_product_tmpl_ids = fields.Many2many(
        comodel_name="product.template",
        relation="res_company_sdp_legal_product_tmpl_rel",
        column1="company_id",
        column2="product_tmpl_id",
        string="Products Needing Legal Review",
    )
    sdp_legal_product_categ_ids = fields.Many2many(
        comodel_name="product.category",
        relation="res_company_sdp_legal_product_categ_rel",
        column1="company_id",
        column2="categ_id",
        string="Product Categories Needing Legal Review",
        help="Products in these categories or their sub-categories need legal review.",
    )
    sdp_legal_reviewer_id = fields.Many2one(
        comodel_name="res.users",
        string="Default Legal Reviewer",
        domain="[('share', '=', False)]",
        help="Gets the review activities; when empty, every Legal Reviewer of the company does.",
    )
    sdp_legal_print_approval = fields.Boolean(
        string="Legal Approval on Quotations",
        help="The quotation and order PDF of an approved order says which legal reviewer approved "
        "it and when (P3.7.3).",
    )

    def _sdp_settings_checked_fields(self):
        return super()._sdp_settings_checked_fields() + [
            "sdp_legal_amount_threshold",
        ]

    def _sdp_settings_problems(self):
        problems = super()._sdp_settings_problems()
        for fname in ("sdp_legal_amount_threshold",):
            if self[fname] < 0:
                problems.append(
                    self.env._(
                        "%(setting)s cannot be negative", setting=self._sdp_setting_label(fname)
                    )
                )
        return problems

    def _sdp_legal_any_trigger(self):
        """True when some order of the company may need legal review (a trigger is on)."""
        self.ensure_one()
        return bool(
            self.sdp_legal_on_every_order
            or self.sdp_legal_on_contract_stage
            or self.sdp_legal_on_amount
            or self.sdp_legal_on_payment_term
            or self.sdp_legal_on_product
        )
