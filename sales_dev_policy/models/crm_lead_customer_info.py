"""Customer information on leads (P3.2.3, P4.1.3, P4.2, P4.3.1, P4.4): classification, the
completeness of the required information, the outcome for the customer analysis, exports.
Feature: customer information."""

from odoo import api, fields, models

from .sdp_duties import ensure_reviewer_owns

# P4: fields of the default required lead information (data/customer_info_data.xml); other
# configured fields are re-scored by write() (_sdp_touch_completeness).
LEAD_INFO_DEPENDS = [
    "partner_name",
    "contact_name",
    "email_from",
    "phone",
    "sdp_industry_id",
    "sdp_company_size",
    "sdp_potential",
    "description",
    "expected_revenue",
    "order_ids",
    "company_id",
]


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = [
        "crm.lead",
        "sdp.classification.mixin",
        "sdp.info.completeness.mixin",
        "sdp.privacy.notice.mixin",
    ]

    # P3.2.3 / P4.2.3: industry of the prospect (res.partner has its own industry_id).
    sdp_industry_id = fields.Many2one(
        comodel_name="res.partner.industry", string="Industry", index=True, tracking=True
    )

    sdp_completeness = fields.Integer(
        string="Information Completeness (%)",
        compute="_compute_sdp_completeness",
        store=True,
        index=True,
        aggregator="avg",
        help="P4.1.3 / P4.2.1: share of the required information (basic, business, needs, "
        "transactions) that is filled in; configured in Policy > Required Information.",
    )
    sdp_info_missing = fields.Text(
        string="Missing Information", compute="_compute_sdp_info_missing"
    )
    sdp_outcome = fields.Selection(
        selection=[("open", "In Progress"), ("won", "Won"), ("lost", "Lost")],
        string="Outcome",
        compute="_compute_sdp_outcome",
        store=True,
        index=True,
        help="P4.4: outcome of the lead for the customer analysis reports.",
    )

    @api.depends(*LEAD_INFO_DEPENDS)
    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        # The customer created from the lead starts with what the lead recorded of it
        # (P2.2.2, P4.1.1, P4.2.3): classification, needs, preferences, purchasing power.
        values = super()._prepare_customer_values(
            partner_name, is_company=is_company, parent_id=parent_id
        )
        for fname in ("sdp_company_size", "sdp_potential", "sdp_purchasing_power"):
            values.setdefault(fname, self[fname] or False)
        values.setdefault("sdp_preferences", self.sdp_preferences or False)
        values.setdefault("sdp_needs", self.sdp_needs or False)
        return values

    def _compute_sdp_completeness(self):
        self._sdp_compute_completeness()

    @api.depends(*LEAD_INFO_DEPENDS)
    def _compute_sdp_info_missing(self):
        self._sdp_compute_info_missing()

    @api.depends("active", "probability")
    def _compute_sdp_outcome(self):
        # Same notion as crm's "Won" ribbon (probability 100) and "Lost" (archived at 0 %);
        # no dependency on the stage keeps stage moves as cheap as in standard crm.
        for lead in self:
            if lead.active and lead.probability >= 100:
                lead.sdp_outcome = "won"
            elif not lead.active and not lead.probability:
                lead.sdp_outcome = "lost"
            else:
                lead.sdp_outcome = "open"

    @api.model_create_multi
    def create(self, vals_list):
        # P4.3.3: no lead for a customer the user may not see (see sale_order_customer_info.py),
        # given in the values or by a default (default_partner_id in the context, a user's
        # default): the lead would copy the customer's e-mail, phone and address.
        ensure_reviewer_owns(self, vals_list=vals_list)
        default = None
        if not self.env.su and self.env["res.company"]._sdp_restricting_company_ids():
            default = self.default_get(["partner_id"]).get("partner_id")
        self.env["res.partner"]._sdp_check_customers_visible(
            [
                (
                    vals["partner_id"] if "partner_id" in vals else default,
                    vals.get("name") or self.env._("New lead"),
                )
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        ensure_reviewer_owns(self)
        if "partner_id" in vals or "user_id" in vals:
            # Changing the customer, or taking a lead of a hidden customer, would show the user
            # that customer's data; a manager assigning it sees every customer.
            # A document the user may not write is refused as such first, so the message
            # names no customer they may not see.
            self.check_access("write")
            self.env["res.partner"]._sdp_check_customers_visible(
                [(vals.get("partner_id") or lead.partner_id.id, lead.name) for lead in self]
            )
        return super().write(vals)

    def unlink(self):
        ensure_reviewer_owns(self)
        return super().unlink()
