"""The credit summary of a customer (P6.3.1, P6.3.2): status, rating, limit, exposure and
available credit, for the people who may read them; Odoo's own credit limit of a customer with a
credit profile follows the profile. Feature: credit."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_amount

from .sdp_credit_profile import CREDIT_STATES
from .sdp_credit_rating_term import CREDIT_RATINGS
from .sdp_permit import has_permit

CREDIT_READERS = "sales_dev_policy.group_sdp_credit_officer,sales_dev_policy.group_sdp_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Full credit file: credit officers and managers only (P6.3.2).
    sdp_credit_profile_id = fields.Many2one(
        comodel_name="sdp.credit.profile",
        string="Credit Profile",
        compute="_compute_sdp_credit_profile_id",
        groups=CREDIT_READERS,
        help="Credit profile of the commercial entity in the current company.",
    )
    # Summary every salesperson may see (P6.3.1: see the result, never edit it).
    sdp_credit_summary_visible = fields.Boolean(
        string="May See Credit Summary",
        compute="_compute_sdp_credit_summary",
        groups="sales_team.group_sale_salesman",
    )
    sdp_credit_state = fields.Selection(
        selection=CREDIT_STATES,
        string="Credit Status",
        compute="_compute_sdp_credit_summary",
        groups="sales_team.group_sale_salesman",
    )
    sdp_credit_rating = fields.Selection(
        selection=CREDIT_RATINGS,
        string="Credit Rating",
        compute="_compute_sdp_credit_summary",
        groups="sales_team.group_sale_salesman",
    )
    sdp_credit_valid = fields.Boolean(
        string="Credit Approved",
        compute="_compute_sdp_credit_summary",
        groups="sales_team.group_sale_salesman",
    )
    sdp_credit_currency_id = fields.Many2one(
        comodel_name="res.currency",
        string="Credit Currency",
        compute="_compute_sdp_credit_summary",
        groups="sales_team.group_sale_salesman",
    )
    sdp_credit_exposure = fields.Monetary(
        string="Credit Exposure",
        currency_field="sdp_credit_currency_id",
        compute="_compute_sdp_credit_summary",
        groups="sales_team.group_sale_salesman",
    )
    sdp_credit_available = fields.Monetary(
        string="Available Credit",
        currency_field="sdp_credit_currency_id",
        compute="_compute_sdp_credit_summary",
        groups="sales_team.group_sale_salesman",
    )

    @api.depends_context("company")
    def _compute_sdp_credit_profile_id(self):
        profiles = self.env["sdp.credit.profile"]._get_profiles(self, self.env.company)
        for partner in self:
            profile = profiles.get(partner.commercial_partner_id.id)
            partner.sdp_credit_profile_id = profile and profile.sudo(False)

    def _sdp_credit_summary_allowed(self):
        """Partners of ``self`` whose credit summary the user may see (P4.3.3, P6.3.1): credit
        officers and managers see all; others the customers they own, those of the teams they
        lead, and customers without a salesperson."""
        user = self.env.user
        if (
            self.env.su
            or user.has_group(CREDIT_READERS.split(",")[0])
            or user.has_group(CREDIT_READERS.split(",")[1])
        ):
            return self
        owners = user | self.env["crm.team"].search([("user_id", "=", user.id)]).member_ids
        return self.browse(
            partner.id
            # sudo: reads only who owns each customer, to decide; the order of a customer the user
            # may not read (an unassigned quotation) must not fail, it shows no credit figures.
            for partner in self.sudo()
            if not partner.commercial_partner_id.user_id
            or partner.commercial_partner_id.user_id in owners
            or partner.user_id in owners
        )

    @api.depends_context("uid", "company")
    def _compute_sdp_credit_summary(self):
        company = self.env.company
        allowed = self._sdp_credit_summary_allowed()
        # Both helpers use sudo(): only the summary fields below (status, rating, validity,
        # exposure and available credit) are exposed to the user, never the credit file
        # itself (notes, sources, documents), which stays with credit officers (P6.3.2).
        profiles = self.env["sdp.credit.profile"]._get_profiles(self, company)
        exposure = self.env["sdp.credit.profile"]._get_exposure(self, company)
        for partner in self:
            partner.sdp_credit_summary_visible = partner in allowed
            if partner not in allowed:
                partner.sdp_credit_currency_id = company.currency_id
                partner.sdp_credit_state = partner.sdp_credit_rating = False
                partner.sdp_credit_valid = False
                partner.sdp_credit_exposure = partner.sdp_credit_available = 0.0
                continue
            commercial_id = partner.commercial_partner_id.id
            profile = profiles.get(commercial_id)
            amount = sum(exposure.get(commercial_id, (0.0, 0.0)))
            partner.sdp_credit_currency_id = company.currency_id
            partner.sdp_credit_state = profile.state if profile else "not_assessed"
            partner.sdp_credit_rating = profile.rating if profile else False
            partner.sdp_credit_valid = bool(profile and profile.is_valid)
            partner.sdp_credit_exposure = amount
            partner.sdp_credit_available = (profile.limit_in_force if profile else 0.0) - amount

    def action_sdp_request_credit_assessment(self):
        """A salesperson asks the credit officers to assess their prospect (P6.3.1)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Credit Assessment"),
            "res_model": "sdp.credit.assessment",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("sales_dev_policy.sdp_credit_assessment_view_form_request").id,
                    "form",
                )
            ],
            "target": "new",
            "context": {
                "default_partner_id": self.commercial_partner_id.id,
                "default_state": "requested",
            },
        }

    def action_sdp_open_credit_profile(self):
        self.ensure_one()
        profile = self.sdp_credit_profile_id
        if not profile:
            profile = self.env["sdp.credit.profile"].create(
                {"partner_id": self.commercial_partner_id.id}
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sdp.credit.profile",
            "res_id": profile.id,
            "view_mode": "form",
        }

    def write(self, vals):
        if "credit_limit" in vals and not self.env.su:
            self._sdp_check_odoo_credit_limit(vals["credit_limit"])
        return super().write(vals)

    def _sdp_check_odoo_credit_limit(self, value):
        """P6.3.2, one credit limit: Odoo's credit limit of a customer with a credit profile in
        the current company is the profile's (``sdp.credit.profile._sdp_sync_odoo_credit_limit``
        writes it under its permit). Any other value is refused, to everyone: a credit officer
        changes the profile (restricting) or has an assessment approved (extending). Writing
        the value it already has is allowed (Odoo copies it onto the contacts)."""
        if has_permit(self.env, "credit_limit_sync"):
            return
        company = self.env.company
        profiles = self.env["sdp.credit.profile"]._get_profiles(self, company)
        for partner in self:
            profile = profiles.get(partner.commercial_partner_id.id)
            if not profile:
                continue
            limit = profile._sdp_odoo_credit_limit()
            if limit is None:
                continue  # the company applies no credit gate: Odoo's limit is its own
            if float_compare(value or 0.0, limit, precision_rounding=company.currency_id.rounding):
                raise UserError(
                    self.env._(
                        "%(partner)s: the credit limit in %(company)s is set by the customer's "
                        "credit profile (%(limit)s) (P6.3.2: one credit limit per customer). A "
                        "credit officer lowers it on the credit profile, or raises it through a "
                        "credit assessment another credit officer approves.",
                        partner=partner.display_name,
                        company=company.name,
                        limit=format_amount(self.env, limit, company.currency_id),
                    )
                )
