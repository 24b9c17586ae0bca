"""Customer information on contacts (P4.1-P4.3): classification, completeness of the required
information, marketing consent, periodic review, exports. Feature: customer information."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import create_index

from .sdp_concurrency import run_batch, serialize_on

# Fields of the default required information (data/customer_info_data.xml); other configured
# fields are re-scored by write() (_sdp_touch_completeness).
PARTNER_INFO_DEPENDS = [
    "email",
    "phone",
    "street",
    "city",
    "country_id",
    "industry_id",
    "vat",
    "sdp_company_size",
    "sdp_potential",
    "comment",
    "sale_order_ids",
    "company_id",
]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = [
        "res.partner",
        "sdp.classification.mixin",
        "sdp.info.completeness.mixin",
        "sdp.privacy.notice.mixin",
    ]

    # --- P4 customer information (ACCESS) ---
    # Policy fields are for employees, never portal users (P4.3.3): groups= on each.
    sdp_completeness = fields.Integer(
        string="Information Completeness (%)",
        compute="_compute_sdp_completeness",
        store=True,
        index=True,
        aggregator="avg",
        groups="base.group_user",
        help="P4.1.3 / P4.2.1: share of the required customer information (basic, business, "
        "needs, transactions) that is filled in; configured in Policy > Required Information.",
    )
    sdp_info_missing = fields.Text(
        string="Missing Information",
        compute="_compute_sdp_info_missing",
        groups="base.group_user",
    )
    sdp_date_reviewed = fields.Date(
        string="Last Reviewed",
        index=True,
        tracking=True,
        copy=False,
        groups="sales_team.group_sale_salesman",
        help="P4.2.2: when the salesperson last checked this customer's information.",
    )
    sdp_consent_ids = fields.One2many(
        comodel_name="sdp.customer.consent",
        inverse_name="partner_id",
        string="Consents",
        groups="sales_team.group_sale_salesman",
    )
    sdp_has_marketing_consent = fields.Boolean(
        string="Marketing Consent",
        compute="_compute_sdp_has_marketing_consent",
        search="_search_sdp_has_marketing_consent",
        compute_sudo=True,
        groups="sales_team.group_sale_salesman",
        help="P4.3.2: this person gave the current company a valid written consent to use "
        "their information for marketing (a company's consent does not cover its contacts).",
    )

    @api.depends(*PARTNER_INFO_DEPENDS)
    def _compute_sdp_completeness(self):
        self._sdp_compute_completeness()

    @api.depends(*PARTNER_INFO_DEPENDS)
    def _compute_sdp_info_missing(self):
        self._sdp_compute_info_missing()

    @api.depends("sdp_consent_ids")
    @api.depends_context("date", "company")
    def _compute_sdp_has_marketing_consent(self):
        # compute_sudo: only a yes/no about the person's consent is revealed to users who can
        # read the partner; the consent documents themselves stay behind their record rules.
        consenting = self._sdp_marketing_consent_partner_ids()
        for partner in self:
            partner.sdp_has_marketing_consent = partner.id in consenting

    def _search_sdp_has_marketing_consent(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        consenting = list(self._sdp_marketing_consent_partner_ids())
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", consenting)]

    @api.model
    def _sdp_marketing_consent_partner_ids(self, company=None):
        """People with a valid marketing consent to ``company`` (the current one by default):
        a consent is personal and given to one company (P4.3.2)."""
        return (
            self.env["sdp.customer.consent"]
            # sudo: reads only which people consented; the outer search or compute still applies
            # the user's partner rules, no consent content is returned.
            .sudo()
            ._sdp_consenting_partner_ids(company or self.env.company, "marketing")
        )

    def init(self):
        res = super().init()
        # The customer record rules (P4.3.3) look partners up by salesperson, directly and
        # through their commercial entity: without an index each lookup reads every partner.
        # An index of the module rather than index=True on Odoo's field, whose label and help
        # would otherwise become terms of this module.
        create_index(self.env.cr, "res_partner_sdp_user_id_index", self._table, ["user_id"])
        return res

    def write(self, vals):
        res = super().write(vals)
        self._sdp_touch_completeness(vals)
        return res

    def _sdp_restricted_customers(self):
        """Partners of ``self`` held to their salesperson (P4.3.3): those of a company that
        restricts its customers, and those without a company when a company the user works in
        restricts (the same test as the rules, see ir.rule._eval_context)."""
        restricting = self.env["res.company"]._sdp_restricting_company_ids()
        if not restricting:
            return self.browse()
        unowned_restricted = bool(set(self.env.companies.ids) & set(restricting))
        return self.browse(
            partner.id
            # sudo: reads only the company of each partner, to decide which rule applies to it.
            for partner in self.sudo()
            if (partner.company_id.id in restricting if partner.company_id else unowned_restricted)
        )

    @api.model
    def _sdp_check_customers_visible(self, pairs):
        """Refuse to file a document (an order, a lead) for a customer the user may not see
        (P4.3.3): the document would otherwise open the customer to them. ``pairs`` are
        (partner id, document label). Nothing is checked for the superuser (the module's and
        Odoo's own flows) nor for customers no company restricts (standard Odoo)."""
        if self.env.su:
            return
        restricted = self.browse(
            sorted({pid for pid, _label in pairs if pid})
        )._sdp_restricted_customers()
        hidden = restricted - restricted._filtered_access("read")
        for partner_id, label in pairs:
            if partner_id in hidden.ids:
                raise UserError(
                    self.env._(
                        "%(document)s: you may not file it for customer %(customer)s, who is "
                        "another salesperson's (customer confidentiality, P4.3.3). Ask a sales "
                        "manager to assign the customer or the document to you.",
                        document=label,
                        # sudo: the name only, so the user knows which customer is refused.
                        customer=self.browse(partner_id).sudo().display_name,
                    )
                )

    def export_data(self, fields_to_export):
        records = self
        if self.env.context.get("sdp_marketing_export"):
            # P4.3.2: an export for marketing only ever contains consenting customers,
            # whatever records were selected.
            records = self.filtered_domain([("sdp_has_marketing_consent", "=", True)])
        return super(ResPartner, records).export_data(fields_to_export)

    def action_sdp_mark_reviewed(self):
        """P4.2.2: the salesperson confirms the information is current; resets the clock."""
        self.write({"sdp_date_reviewed": fields.Date.context_today(self)})
        self.activity_feedback(["sales_dev_policy.mail_activity_type_sdp_info_update"])
        return True

    @api.model
    def _sdp_stale_customer_domain(self, company, activity_type):
        today = fields.Date.context_today(self)
        limit_date = today - timedelta(days=company.sdp_review_interval_days)
        return [
            ("user_id", "!=", False),
            ("user_id.company_id", "=", company.id),
            ("parent_id", "=", False),
            "|",
            ("sdp_date_reviewed", "<", limit_date),
            "&",
            ("sdp_date_reviewed", "=", False),
            ("create_date", "<", fields.Datetime.to_datetime(limit_date)),
            (
                "activity_ids",
                "not any",
                [("activity_type_id", "=", activity_type.id), ("res_model", "=", self._name)],
            ),
        ]

    @api.model
    def _cron_sdp_customer_freshness(self, batch_size=500):
        """P4.2.2: schedule an update activity for customers not reviewed for N days.

        One activity per customer for its salesperson; none if one is already open.
        At most ``batch_size`` customers per call (all companies), reported to the cron
        runner, which calls again while some remain. A batch that meets someone changing one
        of its customers at the same moment is undone and runs again shortly (``run_batch``).
        """
        activity_type = self.env.ref(
            "sales_dev_policy.mail_activity_type_sdp_info_update", raise_if_not_found=False
        )
        if not activity_type:
            return
        companies = self.env["res.company"].search([("sdp_review_interval_days", ">", 0)])
        run_batch(
            self.env,
            "sales_dev_policy.ir_cron_sdp_customer_freshness",
            lambda: self._sdp_customer_freshness_batch(companies, activity_type, batch_size),
            pending=lambda: sum(
                self.search_count(self._sdp_stale_customer_domain(company, activity_type))
                for company in companies
            ),
        )

    @api.model
    def _sdp_customer_freshness_batch(self, companies, activity_type, batch_size):
        """One batch of the customer freshness reminders: ``(done, remaining)``."""
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        done = remaining = 0
        for company in companies:
            domain = self._sdp_stale_customer_domain(company, activity_type)
            room = batch_size - done
            if room <= 0:
                remaining += self.search_count(domain)
                continue
            partners = self.search(domain, limit=room, order="sdp_date_reviewed, id")
            # A customer reviewed or edited by someone else meanwhile: the batch is undone and
            # runs again with what they did (run_batch).
            serialize_on(partners, nowait=True)
            # No "assigned to you" e-mail per reminder (one mail and ~10 queries per customer,
            # as Odoo's own hr_contract reminder cron does): the activity is the reminder.
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "automated": True,
                        "user_id": partner.user_id.id,
                        "date_deadline": today + timedelta(days=activity_type.delay_count),
                        "summary": self.env._("Review customer information (P4.2.2)"),
                    }
                    for partner in partners
                ]
            )
            done += len(partners)
            if len(partners) == room:
                # Counted after the activities exist: only the customers still to remind.
                remaining += self.search_count(domain)
        return done, remaining
