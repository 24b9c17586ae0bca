"""Customer information on contacts (P4.1-P4.3): classification, completeness of the required
information, marketing consent, periodic review, exports. Feature: customer information."""

from contextvars import ContextVar
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, create_index

from .sdp_concurrency import count_parts, run_batch, take_batch

TEAM_LEADER_GROUP = "sales_dev_policy.group_sdp_team_leader"
# The contacts a search on res.partner is restricted to by id ("id in [...]", as Odoo's fetch
# asks before reading records): the customer rule of that same search then tests only them
# (sdp_partner_ids_visible), instead of listing every contact the user may see, a cost that
# grew with the salesperson's customers on each contact read. Set and reset by
# res.partner._search around its own call only: a ContextVar, never the context, which any
# caller could fill.
RULE_CANDIDATES = ContextVar("sdp_rule_candidates", default=None)
# Above this many candidates, testing them one by one costs more than listing the visible ones.
RULE_CANDIDATES_MAX = 1000
# Context keys that add a contact's address, e-mail or tax id to its display name.
DISPLAY_NAME_DETAIL_KEYS = ("show_address", "show_email", "show_vat")

# The contacts a user may see under the customer rules (P4.3.3) when a company restricts its
# customers: a restricted contact is visible to a salesperson who owns it or its commercial
# entity, follows it, sold to it (one of their own orders), when its commercial entity has no
# salesperson, to everybody when it is an employee's (partner_share not set) or one of the
# user's companies (all of them, as Odoo's own rules read them); a team leader also sees the
# customers of the members of the teams they lead. Contacts of the companies that do not
# restrict are visible, and those without a company when no company the user works in
# restricts. The conditions on the contact's own columns are one OR that PostgreSQL answers
# with a BitmapOr of their indexes (user_id, the partial index of employees' contacts,
# company_id, commercial_partner_id); the others are index scans of their own tables, each
# switched off by a one-time filter when its parameter is false. No contact is read that the
# user may not see: the cost follows what the user sees, not the size of the database. One
# generic plan per connection (plan_cache_mode): the same shape serves every user, and
# planning it at each call would cost as much as running it. sdp_partner_ids_visible answers the
# same conditions for given contacts only (Odoo's check of the records a user reads: a page of
# kanban cards), by primary key and one index probe per condition, whatever the user may see.
VISIBLE_PARTNERS_FUNCTION = """
CREATE OR REPLACE FUNCTION sdp_visible_partner_ids(
    p_uid integer, p_open_companies integer[], p_no_company boolean, p_team_leader boolean
) RETURNS integer[] LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN ARRAY(
        SELECT p.id FROM res_partner p
         WHERE p.user_id = p_uid
            OR p.partner_share IS NOT TRUE
            OR p.company_id = ANY(p_open_companies)
            OR p.commercial_partner_id = ANY(ARRAY(
                   SELECT c.id FROM res_partner c WHERE c.user_id = p_uid OR c.user_id IS NULL))
        UNION ALL
        SELECT p.id FROM res_partner p WHERE p_no_company AND p.company_id IS NULL
        UNION ALL
        SELECT p.id FROM res_partner p
         WHERE p_team_leader AND p.commercial_partner_id = ANY(ARRAY(
               SELECT c.id FROM crm_team t
                 JOIN crm_team_member m ON m.crm_team_id = t.id AND m.active
                 JOIN res_partner c ON c.user_id = m.user_id
                WHERE t.user_id = p_uid))
        UNION ALL
        SELECT f.res_id FROM mail_followers f
         WHERE f.res_model = 'res.partner'
           AND f.partner_id = (SELECT u.partner_id FROM res_users u WHERE u.id = p_uid)
        UNION ALL
        SELECT o.partner_id FROM sale_order o WHERE o.user_id = p_uid
        UNION ALL
        SELECT c.partner_id FROM res_company_users_rel r JOIN res_company c ON c.id = r.cid
         WHERE r.user_id = p_uid
    );
END
$$;

CREATE OR REPLACE FUNCTION sdp_partner_ids_visible(
    p_ids integer[], p_uid integer, p_open_companies integer[], p_no_company boolean,
    p_team_leader boolean
) RETURNS integer[] LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN ARRAY(
        SELECT p.id FROM res_partner p
         WHERE p.id = ANY(p_ids)
           AND (p.user_id = p_uid
            OR p.partner_share IS NOT TRUE
            OR p.company_id = ANY(p_open_companies)
            OR (p_no_company AND p.company_id IS NULL)
            OR EXISTS (SELECT 1 FROM res_partner c
                        WHERE c.id = p.commercial_partner_id
                          AND (c.user_id = p_uid OR c.user_id IS NULL))
            OR (p_team_leader AND EXISTS (
                   SELECT 1 FROM res_partner c
                     JOIN crm_team_member m ON m.user_id = c.user_id AND m.active
                     JOIN crm_team t ON t.id = m.crm_team_id
                    WHERE c.id = p.commercial_partner_id AND t.user_id = p_uid))
            OR EXISTS (SELECT 1 FROM mail_followers f
                        WHERE f.res_model = 'res.partner' AND f.res_id = p.id
                          AND f.partner_id = (SELECT u.partner_id FROM res_users u
                                               WHERE u.id = p_uid))
            OR EXISTS (SELECT 1 FROM sale_order o WHERE o.partner_id = p.id AND o.user_id = p_uid)
            OR EXISTS (SELECT 1 FROM res_company_users_rel r JOIN res_company c ON c.id = r.cid
                        WHERE r.user_id = p_uid AND c.partner_id = p.id))
    );
END
$$;
"""

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
    # P2.2.2 / P4.1.1: the customer's needs (a lead has its own, on the Needs step).
    sdp_needs = fields.Text(
        string="Needs and Requirements",
        groups="base.group_user",
        help="What the customer needs from the company (P2.2.2, P4.1.1).",
    )
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
    sdp_has_sharing_consent = fields.Boolean(
        string="Consent to Share with Third Parties",
        compute="_compute_sdp_has_sharing_consent",
        search="_search_sdp_has_sharing_consent",
        compute_sudo=True,
        groups="sales_team.group_sale_salesman",
        help="P4.3.2: this person gave the current company a valid written consent to share "
        "their information with third parties.",
    )
    sdp_customer_visible = fields.Boolean(
        string="Customer Visible to Me",
        compute="_compute_sdp_customer_visible",
        search="_search_sdp_customer_visible",
        groups="base.group_user",
        help="P4.3.3: the current user may see this contact under the customer confidentiality "
        "rules (their own customer, followed, of one of their orders, of the team they lead, "
        "a colleague, or not restricted by its company).",
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
        consenting = self._sdp_consent_partner_ids()
        for partner in self:
            partner.sdp_has_marketing_consent = partner.id in consenting

    @api.depends("sdp_consent_ids")
    @api.depends_context("date", "company")
    def _compute_sdp_has_sharing_consent(self):
        # compute_sudo: as the marketing consent above.
        consenting = self._sdp_consent_partner_ids(scope="sharing")
        for partner in self:
            partner.sdp_has_sharing_consent = partner.id in consenting

    def _search_sdp_has_sharing_consent(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        consenting = list(self._sdp_consent_partner_ids(scope="sharing"))
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", consenting)]

    def _search_sdp_has_marketing_consent(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        consenting = list(self._sdp_consent_partner_ids())
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", consenting)]

    @api.model
    def _sdp_consent_partner_ids(self, company=None, scope="marketing"):
        """People with a valid consent of ``scope`` (marketing by default) to ``company`` (the
        current one by default): a consent is personal and given to one company (P4.3.2)."""
        return (
            self.env["sdp.customer.consent"]
            # sudo: reads only which people consented; the outer search or compute still applies
            # the user's partner rules, no consent content is returned.
            .sudo()
            ._sdp_consenting_partner_ids(company or self.env.company, scope)
        )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_sdp_customer_visible(self):
        # Evaluated by Odoo's access check (filtered_domain of the customer rule) on the records
        # it checks: one query for the batch, the same SQL function as the rule's search.
        ids = [pid for pid in self._origin.ids if pid]
        if self._sdp_sees_every_customer():
            visible = set(ids)
        elif ids:
            self._sdp_flush_visibility()
            visible = set(
                self.env.execute_query(SQL("SELECT %s", self._sdp_visible_partners_sql(ids)))[0][0]
            )
        else:
            visible = set()
        for partner in self:
            partner.sdp_customer_visible = partner._origin.id in visible

    def _check_access(self, operation):
        # Odoo checks the customer rule on the records it reads or writes by computing its
        # field (filtered_domain): compute it afresh for each check, never from a value of
        # earlier in the transaction, as a follower, an order, a team, a switch or the user's
        # groups may have changed since.
        if self._ids and not self.env.su and self.env["res.company"]._sdp_restricting_company_ids():
            self.invalidate_recordset(["sdp_customer_visible"])
        return super()._check_access(operation)

    @api.model
    def _sdp_invalidate_visibility_of(self, records):
        """Before Odoo checks a rule on ``records`` (followers, attendees) that reads their
        partner's sdp_customer_visible, drop its cached value (see ``_check_access``)."""
        if (
            records._ids
            and not records.env.su
            and self.env["res.company"]._sdp_restricting_company_ids()
        ):
            # sudo: only which partners to recompute; the check itself is Odoo's.
            records.sudo().partner_id.invalidate_recordset(["sdp_customer_visible"])

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        token = RULE_CANDIDATES.set(_ids_searched(domain))
        try:
            return super()._search(domain, offset=offset, limit=limit, order=order)
        finally:
            RULE_CANDIDATES.reset(token)

    def _search_sdp_customer_visible(self, operator, value):
        if operator in ("in", "not in"):
            # ("sdp_customer_visible", "in", [True]) as ("sdp_customer_visible", "=", True)
            values = {bool(item) for item in value}
            if len(values) != 1:
                return [] if (operator == "in") == bool(values) else [(0, "=", 1)]
            operator, value = ("=" if operator == "in" else "!="), values.pop()
        if operator not in ("=", "!="):
            return NotImplemented
        positive = (operator == "=") == bool(value)
        if self._sdp_sees_every_customer():
            return [(1, "=", 1)] if positive else [(0, "=", 1)]
        self._sdp_flush_visibility()
        candidates = RULE_CANDIDATES.get()
        if positive and candidates is not None:
            # The search this condition belongs to keeps only these ids ("id in" of the same
            # WHERE): the visible ones among them are the same answer, found by primary key.
            visible = self._sdp_visible_partners_sql(candidates)
            return [("id", "=", SQL("ANY((SELECT %s)::integer[])", visible))]
        visible = self._sdp_visible_partners_sql()
        if not positive:
            return [("id", "!=", SQL("ALL((SELECT %s)::integer[])", visible))]
        # "= ANY((SELECT ...))": PostgreSQL computes the visible ids once, then reads only those
        # (a salesperson's contacts list and count) or tests each candidate against them (a
        # name search in name order).
        return [("id", "=", SQL("ANY((SELECT %s)::integer[])", visible))]

    @api.model
    def _sdp_sees_every_customer(self):
        """The customer rule restricts nothing for the current user: no company restricts its
        customers (standard Odoo), the user sees every lead (managers, credit officers, legal
        reviewers) or has no sales role (the rule is the salespeople's)."""
        user = self.env.user
        return (
            not self.env["res.company"]._sdp_restricting_company_ids()
            or not user.has_group("sales_team.group_sale_salesman")
            or user.has_group("sales_team.group_sale_salesman_all_leads")
        )

    @api.model
    def _sdp_visible_partners_sql(self, partner_ids=None):
        """SQL of the array of ids of the contacts the current user may see under the customer
        rules (P4.3.3), among ``partner_ids`` when given: a call of the database function
        ``sdp_visible_partner_ids`` (``sdp_partner_ids_visible`` for given contacts; their
        definition and the conditions: ``VISIBLE_PARTNERS_FUNCTION``, created by ``init``).

        A function rather than the same query in each rule: every query on contacts and on the
        documents of the unassigned-documents rules would otherwise make PostgreSQL plan the
        whole union again (half a millisecond each, twenty times in a pipeline kanban), while
        the function's plan is prepared once per database connection.
        """
        companies = self.env["res.company"]
        restricting = companies._sdp_restricting_company_ids()
        arguments = SQL(
            "%s, %s::integer[], %s, %s",
            self.env.uid,
            list(companies._sdp_open_company_ids()),
            # customers without a company are restricted when a company of the user restricts
            not set(self.env.companies.ids) & set(restricting),
            self.env.user.has_group(TEAM_LEADER_GROUP),
        )
        if partner_ids is not None:
            return SQL("sdp_partner_ids_visible(%s::integer[], %s)", list(partner_ids), arguments)
        return SQL("sdp_visible_partner_ids(%s)", arguments)

    @api.model
    def _sdp_flush_visibility(self):
        """Write pending changes of what sdp_visible_partner_ids reads: the ORM does not know
        what a database function reads, so it would not flush them itself."""
        self.env["res.partner"].flush_model(
            ["user_id", "commercial_partner_id", "partner_share", "company_id"]
        )
        self.env["mail.followers"].flush_model(["res_model", "res_id", "partner_id"])
        self.env["sale.order"].flush_model(["user_id", "partner_id"])
        self.env["crm.team.member"].flush_model(["crm_team_id", "user_id", "active"])
        self.env["crm.team"].flush_model(["user_id"])

    def init(self):
        res = super().init()
        # The customer record rules (P4.3.3) look partners up by salesperson, directly and
        # through their commercial entity: without an index each lookup reads every partner.
        # An index of the module rather than index=True on Odoo's field, whose label and help
        # would otherwise become terms of this module.
        create_index(self.env.cr, "res_partner_sdp_user_id_index", self._table, ["user_id"])
        self.env.cr.execute(VISIBLE_PARTNERS_FUNCTION)
        # Employees' contacts are visible to every salesperson (sdp_visible_partner_ids): a
        # small partial index finds them without reading every contact.
        create_index(
            self.env.cr,
            "res_partner_sdp_internal_index",
            self._table,
            ["id"],
            where="partner_share IS NOT TRUE",
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        # P4.3.3: a contact filed under a company the user may not see would be given that
        # company's commercial fields and address (Odoo's _fields_sync copies them as
        # superuser), and its name: refused, as an order or a lead for that customer. After
        # creation, so that a parent given by a default (default_parent_id) is checked too.
        partners._sdp_check_parents_visible()
        return partners

    def write(self, vals):
        if vals.get("parent_id"):
            # Before the write: Odoo copies the new parent's data to the contact as superuser.
            self._sdp_check_parents_visible(vals["parent_id"])
        res = super().write(vals)
        self._sdp_touch_completeness(vals)
        return res

    def _sdp_check_parents_visible(self, parent_id=None):
        """Refuse to file the contacts ``self`` under a parent company (``parent_id``, else
        their own) that the user may not see (P4.3.3)."""
        if self.env.su:
            return
        self.env["res.partner"]._sdp_check_customers_visible(
            [
                (parent_id or partner.parent_id.id, partner.name or self.env._("New contact"))
                for partner in self
            ]
        )

    @api.depends_context("uid")
    def _compute_display_name(self):
        super()._compute_display_name()
        # P4.3.3: the name of a many2one is computed as superuser (Many2one.convert_to_read),
        # so a contact the user may not see, referenced by a record they may read (the
        # delivery address of their order, the company of their contact, a message's author),
        # would show its address, e-mail and tax id to a caller who asks for them in the
        # context. Such a contact shows its name only, as it would without those keys.
        if not any(self.env.context.get(key) for key in DISPLAY_NAME_DETAIL_KEYS):
            return
        hidden = self._sdp_hidden_from_user()
        plain = {key: False for key in DISPLAY_NAME_DETAIL_KEYS}
        hidden_ids = set(hidden.ids)  # a set: ``in`` a list would cost the batch per partner
        for partner in self.filtered(lambda partner: partner.id in hidden_ids):
            # Odoo's name without the details (res.partner._compute_display_name); not
            # partner.display_name in another context: the field is being computed, the ORM
            # would answer False.
            name = partner.with_context(lang=self.env.lang, **plain)._get_complete_name()
            if self.env.context.get("partner_show_db_id"):
                name = f"{name} ({partner.id})"
            partner.display_name = name

    def _sdp_hidden_from_user(self):
        """Contacts of ``self`` the current user (not the superuser they may act as) may not
        read under the customer rules (P4.3.3); none when no company restricts or for users
        who are not held to them."""
        if self._sdp_sees_every_customer():
            return self.browse()
        real = self.filtered(lambda partner: isinstance(partner.id, int))
        restricted = real.with_env(self.env(su=False))._sdp_restricted_customers()
        return restricted - restricted._filtered_access("read")

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
        # A set: ``in`` a list would cost the number of customers for each document.
        hidden_ids = set((restricted - restricted._filtered_access("read")).ids)
        for partner_id, label in pairs:
            if partner_id in hidden_ids:
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
        # P4.3.2: an export for marketing, or for third parties, only ever contains the people
        # who consented to that use, whatever records were selected. The keys only narrow what
        # the caller may export anyway.
        for key, scope in (
            ("sdp_marketing_export", "marketing"),
            ("sdp_sharing_export", "sharing"),
        ):
            if self.env.context.get(key):
                consenting = (
                    self.env["sdp.customer.consent"]
                    # sudo: which people consented, to filter the caller's own export.
                    .sudo()
                    ._sdp_consenting_partner_ids(self.env.company, scope)
                )
                records = records.filtered(lambda partner, c=consenting: partner.id in c)
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
        parts = [
            (company, self._sdp_stale_customer_domain(company, activity_type))
            for company in companies
        ]
        run_batch(
            self.env,
            "sales_dev_policy.ir_cron_sdp_customer_freshness",
            lambda: self._sdp_customer_freshness_batch(parts, activity_type, batch_size),
            pending=lambda: count_parts(self, parts),
        )

    @api.model
    def _sdp_customer_freshness_batch(self, parts, activity_type, batch_size):
        """One batch of the customer freshness reminders: ``(done, remaining)``."""
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        taken, remaining = take_batch(self, parts, batch_size, order="sdp_date_reviewed, id")
        partners = self.browse().union(*(partners for _company, partners in taken))
        if partners:
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
        return len(partners), remaining


def _ids_searched(domain):
    """The ids of a domain that is only ``("id", "in", ids)`` or ``("id", "=", id)`` (Odoo's
    fetch and exists-style reads), else None."""
    if not domain or len(domain) != 1:
        return None
    leaf = domain[0]
    if not isinstance(leaf, list | tuple) or len(leaf) != 3 or leaf[0] != "id":
        return None
    operator, value = leaf[1], leaf[2]
    if operator == "=" and isinstance(value, int) and not isinstance(value, bool):
        ids = [value]
    elif operator == "in" and isinstance(value, list | tuple | set | frozenset):
        ids = list(value)
    else:
        return None
    if len(ids) > RULE_CANDIDATES_MAX or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in ids
    ):
        return None
    return ids
