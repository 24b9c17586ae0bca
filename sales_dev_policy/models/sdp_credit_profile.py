"""The credit profile of a customer (P6.3): status, rating, limit, history, exposure and the
blocking of bad credit. Feature: credit."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import float_round, format_amount

from .sdp_concurrency import count_parts, run_batch, take_batch
from .sdp_credit_rating_term import CREDIT_RATINGS
from .sdp_permit import created_fields, has_permit, with_permit

# P6.3.2: the status of a customer's credit file.
CREDIT_STATES = [
    ("not_assessed", "Not Assessed"),
    ("investigating", "Under Investigation"),
    ("approved", "Approved"),
    ("watch", "Watch"),
    ("review_needed", "Review Needed"),
    ("blocked", "Blocked"),
]
# Statuses under which a customer may be developed and sold to (P6.3.1); "watch" is an approved
# customer under closer follow-up (P6.3.2), not a refusal.
VALID_CREDIT_STATES = ("approved", "watch")
# Fields of the profile that decide Odoo's own credit limit of the customer (P6.3.2).
ODOO_LIMIT_FIELDS = {"state", "credit_limit", "partner_id", "company_id"}


class SdpCreditProfile(models.Model):
    """The credit file of a customer (P6.3.2): one per commercial partner and company."""

    _name = "sdp.credit.profile"
    _description = "Customer Credit Profile"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_next_review, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('parent_id', '=', False)]",
        help="The commercial entity: its contacts share this credit profile.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    user_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", help="Salesperson of the customer."
    )
    state = fields.Selection(
        selection=CREDIT_STATES,
        string="Status",
        required=True,
        default="not_assessed",
        index=True,
        tracking=True,
    )
    rating = fields.Selection(selection=CREDIT_RATINGS, index=True, tracking=True)
    score = fields.Integer(tracking=True, help="Credit score from 0 (worst) to 100 (best).")
    credit_limit = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="Maximum exposure (open receivables and orders not yet invoiced), company currency.",
    )
    payment_term_id = fields.Many2one(
        comodel_name="account.payment.term",
        string="Recommended Payment Terms",
        check_company=True,
        tracking=True,
    )
    date_assessed = fields.Date(string="Assessment Date", tracking=True)
    date_next_review = fields.Date(string="Next Review", index=True, tracking=True)
    assessor_id = fields.Many2one(comodel_name="res.users", string="Assessor", tracking=True)
    note = fields.Html(string="Notes")
    block_reason = fields.Text(tracking=True)
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="sdp_credit_profile_attachment_rel",
        column1="profile_id",
        column2="attachment_id",
        string="Supporting Documents",
    )
    assessment_ids = fields.One2many(
        comodel_name="sdp.credit.assessment", inverse_name="profile_id", string="Assessments"
    )
    assessment_count = fields.Integer(compute="_compute_assessment_count")
    is_valid = fields.Boolean(
        string="Valid",
        compute="_compute_is_valid",
        search="_search_is_valid",
        help="Approved (or on watch) and not past its next review date (P6.3.1).",
    )
    receivable_amount = fields.Monetary(
        string="Open Receivables", compute="_compute_exposure", currency_field="currency_id"
    )
    order_amount = fields.Monetary(
        string="Orders Not Invoiced", compute="_compute_exposure", currency_field="currency_id"
    )
    limit_in_force = fields.Monetary(
        string="Limit in Force",
        compute="_compute_limit_in_force",
        currency_field="currency_id",
        help="The credit limit, reduced by the company's percentage while the customer is on "
        "watch when the company chose 'Reduce the Limit' (P6.3.1). The credit gate, the "
        "available credit and Odoo's own credit limit of the customer use it.",
    )
    exposure = fields.Monetary(compute="_compute_exposure", currency_field="currency_id")
    available_credit = fields.Monetary(compute="_compute_exposure", currency_field="currency_id")

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "A customer has one credit profile per company (P6.3.2).",
        ),
    ]

    def _compute_assessment_count(self):
        counts = dict(
            self.env["sdp.credit.assessment"]._read_group(
                [("profile_id", "in", self.ids)], ["profile_id"], ["__count"]
            )
        )
        for profile in self:
            profile.assessment_count = counts.get(profile, 0)

    @api.depends("state", "date_next_review")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for profile in self:
            profile.is_valid = profile.state in VALID_CREDIT_STATES and (
                not profile.date_next_review or profile.date_next_review >= today
            )

    def _search_is_valid(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError()
        today = fields.Date.context_today(self)
        domain = [
            ("state", "in", VALID_CREDIT_STATES),
            "|",
            ("date_next_review", "=", False),
            ("date_next_review", ">=", today),
        ]
        if (operator == "=") != bool(value):
            domain = ["!", *domain]
        return domain

    @api.depends(
        "state",
        "credit_limit",
        "company_id.sdp_credit_watch_mode",
        "company_id.sdp_credit_watch_reduction",
    )
    def _compute_limit_in_force(self):
        for profile in self:
            company = profile.company_id
            limit = profile.credit_limit
            if profile.state == "watch" and company.sdp_credit_watch_mode == "reduce":
                limit = company.currency_id.round(
                    limit * (1.0 - company.sdp_credit_watch_reduction / 100.0)
                )
            profile.limit_in_force = limit

    def _compute_exposure(self):
        for company, profiles in self.grouped("company_id").items():
            exposure = self._get_exposure(profiles.partner_id, company)
            for profile in profiles:
                receivable, orders = exposure.get(profile.partner_id.id, (0.0, 0.0))
                profile.receivable_amount = receivable
                profile.order_amount = orders
                profile.exposure = receivable + orders
                profile.available_credit = profile.limit_in_force - receivable - orders
        # Profiles without a company (new records) have no exposure yet.
        for profile in self.filtered(lambda p: not p.company_id):
            profile.receivable_amount = profile.order_amount = profile.exposure = 0.0
            profile.available_credit = profile.limit_in_force

    @api.constrains("score", "credit_limit", "date_assessed", "date_next_review", "state")
    def _check_credit_values(self):
        for profile in self:
            profile._sdp_check_values(
                profile.partner_id.display_name,
                profile.score,
                profile.credit_limit,
                profile.date_assessed,
                profile.date_next_review,
                profile.state,
                profile.block_reason,
            )

    @api.model
    def _sdp_check_values(self, name, score, limit, date_from, date_review, state, reason):
        """Validation shared by profiles and assessments (P6.3.1)."""
        if not 0 <= (score or 0) <= 100:
            raise ValidationError(
                self.env._(
                    "Credit of %(name)s: the score must be between 0 and 100 (got %(score)s).",
                    name=name,
                    score=score,
                )
            )
        if (limit or 0.0) < 0:
            raise ValidationError(
                self.env._(
                    "Credit of %(name)s: the credit limit cannot be negative; "
                    "set 0 to allow no credit at all.",
                    name=name,
                )
            )
        if date_from and date_review and date_review <= date_from:
            raise ValidationError(
                self.env._(
                    "Credit of %(name)s: the next review date (%(review)s) must be after the "
                    "assessment date (%(date)s).",
                    name=name,
                    review=date_review,
                    date=date_from,
                )
            )
        if state == "blocked" and not (reason or "").strip():
            raise ValidationError(
                self.env._(
                    "Credit of %(name)s: a blocked status needs a reason (P6.3.1: avoid customers "
                    "with bad credit). Write why the customer is blocked.",
                    name=name,
                )
            )

    def _sdp_check_subject(self, vals):
        """A credit file is about one customer in one company (P6.3.2): its status and limit
        were approved for them. Moving it to another customer or company would carry an
        approved limit onto a customer nobody assessed; that customer gets its own file."""
        moved = self.filtered(
            lambda p: ("partner_id" in vals and vals["partner_id"] != p.partner_id.id)
            or ("company_id" in vals and vals["company_id"] != p.company_id.id)
        )
        if moved:
            raise UserError(
                self.env._(
                    "Credit profile of %(partner)s: a credit profile stays with its customer and "
                    "company (P6.3.1, P6.3.2). Request a credit assessment for the other customer "
                    "instead.",
                    partner=moved[0].partner_id.display_name,
                )
            )

    def _sdp_check_no_extension(self, vals, new=False):
        """Four eyes on credit (P6.3.1): what extends credit — a valid status for a customer
        that had none, a higher limit, a later review date — comes from an assessment approved
        by a credit officer other than its assessor. What restricts credit (block, watch,
        review needed, a lower limit) a credit officer does at once."""
        if self.env.su or has_permit(self.env, "credit_assessment"):
            return
        fnames = created_fields(self, vals) if new else set(vals)
        profiles = [self.new({})] if new else self
        for profile in profiles:
            extends = []
            state = vals.get("state", profile.state)
            if (
                "state" in fnames
                and state in VALID_CREDIT_STATES
                and (new or profile.state not in VALID_CREDIT_STATES)
            ):
                extends.append(self.env._("a valid status"))
            limit = vals.get("credit_limit", profile.credit_limit)
            if "credit_limit" in fnames and limit and (new or limit > profile.credit_limit):
                extends.append(self.env._("a higher credit limit"))
            review = (
                fields.Date.to_date(vals.get("date_next_review"))
                if "date_next_review" in fnames
                else False
            )
            if (
                review
                and not new
                and (not profile.date_next_review or review > profile.date_next_review)
            ):
                extends.append(self.env._("a later review date"))
            if extends:
                raise AccessError(
                    self.env._(
                        "Credit of %(partner)s: %(what)s is given by a credit assessment approved "
                        "by another credit officer (P6.3.1), not by editing the credit profile. "
                        "Record an assessment and have it approved.",
                        partner=(
                            profile.partner_id
                            or self.env["res.partner"].browse(vals.get("partner_id"))
                        ).display_name,
                        what=", ".join(extends),
                    )
                )

    def _sdp_check_approval(self, vals, new=False):
        """P6.3.1: a profile is Approved only as an approved assessment left it — the last
        approved assessment of the customer proposed "Approved" — and only with a next review
        date; a valid status (Approved, Watch) never loses its review date, which would make it
        valid for ever. The assessment's approval itself (its permit) sets the status it
        approved; a review date it still needs."""
        if self.env.su:
            return
        fnames = created_fields(self, vals) if new else set(vals)
        if not {"state", "date_next_review"} & fnames:
            return
        assessing = has_permit(self.env, "credit_assessment")

        def value(profile, fname):
            if fname in vals:
                return vals[fname]
            # A creation takes the caller's context defaults (default_state...) as the ORM will.
            return self.default_get([fname]).get(fname) if new else profile[fname]

        profiles = [self.new({})] if new else self
        last_proposed = {} if new or assessing else self._sdp_last_approved_proposals()
        for profile in profiles:
            state = value(profile, "state")
            if state not in VALID_CREDIT_STATES:
                continue
            partner = (
                profile.partner_id or self.env["res.partner"].browse(vals.get("partner_id"))
            ).display_name
            if not value(profile, "date_next_review"):
                raise ValidationError(
                    self.env._(
                        "Credit of %(partner)s: an approved or watched credit profile needs a "
                        "next review date (P6.3.1, P6.3.2: credit is reviewed in time). The "
                        "approval of a credit assessment sets it from the rating.",
                        partner=partner,
                    )
                )
            becomes_approved = state == "approved" and (new or profile.state != "approved")
            if becomes_approved and not assessing and last_proposed.get(profile.id) != "approved":
                raise ValidationError(
                    self.env._(
                        "Credit of %(partner)s: a credit profile becomes Approved only through "
                        "a credit assessment that proposes Approved and is approved by another "
                        "credit officer (P6.3.1); its last approved assessment does not. Record "
                        "an assessment and have it approved.",
                        partner=partner,
                    )
                )

    def _sdp_last_approved_proposals(self):
        """``{profile id: proposed status of its last approved assessment}``."""
        # sudo: a yes/no on the history of profiles the caller is writing (checked by write).
        assessments = (
            self.env["sdp.credit.assessment"]
            # sudo: see above; only the proposed status of the last approved assessment is read.
            .sudo()
            .search(
                [("profile_id", "in", self.ids), ("state", "=", "approved")],
                order="date desc, id desc",
            )
        )
        proposals = {}
        for assessment in assessments:
            proposals.setdefault(assessment.profile_id.id, assessment.proposed_state)
        return proposals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._sdp_check_no_extension(vals, new=True)
            self._sdp_check_approval(vals, new=True)
        self._sdp_check_duplicates(
            [
                (vals.get("partner_id"), vals.get("company_id") or self.env.company.id)
                for vals in vals_list
            ]
        )
        profiles = super().create(vals_list)
        profiles._sdp_sync_odoo_credit_limit()
        profiles._sdp_update_held_orders()
        return profiles

    def write(self, vals):
        self._sdp_check_subject(vals)
        self._sdp_check_no_extension(vals)
        self._sdp_check_approval(vals)
        before = (
            {(p.partner_id, p.company_id) for p in self}
            if {"partner_id", "company_id"} & set(vals)
            else set()
        )
        if "partner_id" in vals or "company_id" in vals:
            self._sdp_check_duplicates(
                [
                    (
                        vals.get("partner_id", profile.partner_id.id),
                        vals.get("company_id", profile.company_id.id),
                    )
                    for profile in self
                ],
                exclude=self,
            )
        res = super().write(vals)
        if ODOO_LIMIT_FIELDS & set(vals):
            self._sdp_sync_odoo_credit_limit()
            after = {(p.partner_id, p.company_id) for p in self}
            self._sdp_release_odoo_credit_limit(before - after)
        if ODOO_LIMIT_FIELDS & set(vals) or "date_next_review" in vals:
            # A new limit, status or review date may let held quotations through (P6.3.1).
            self._sdp_update_held_orders()
        return res

    def _sdp_update_held_orders(self):
        """Quotations of these customers waiting for a credit release (P6.3.1) that the
        customer's new credit lets through stop waiting."""
        if not self:
            return
        # sudo: finds the held quotations of these customers whoever sells them; the credit
        # gate itself decides which stop waiting, nothing else is read or written.
        self.env["sale.order"].sudo().search(
            [
                ("sdp_credit_is_held", "=", True),
                ("partner_id", "child_of", self.partner_id.ids),
            ]
        )._sdp_credit_update_hold()

    def unlink(self):
        pairs = {(p.partner_id, p.company_id) for p in self}
        res = super().unlink()
        self._sdp_release_odoo_credit_limit(pairs)
        return res

    # ------------------------------------------------------------------
    # Odoo's own credit limit (P6.3.2: one credit limit per customer)
    # ------------------------------------------------------------------

    def _sdp_odoo_credit_limit(self):
        """The value of Odoo's ``credit_limit`` of the customer in the profile's company.

        Odoo reads a limit of 0 as "no limit" (``account.move._build_credit_warning_message``);
        the policy reads no credit as no credit. So a customer without valid credit (blocked,
        not assessed, under investigation, review needed) or with a limit of 0 gets the
        smallest amount of the company currency: any amount due is over it, and Odoo's own
        warnings say so, as the credit gate refuses.

        ``None`` when the policy decides nothing: a customer without valid credit in a company
        whose credit gates are off keeps Odoo's own limit (no placeholder warns on every
        quotation of a company that does not apply the gates)."""
        self.ensure_one()
        company = self.company_id
        currency = company.currency_id
        if self.state in VALID_CREDIT_STATES:
            return max(currency.round(self.limit_in_force), currency.rounding)
        if not (company.sdp_credit_order_gate or company.sdp_credit_lead_gate):
            return None
        return currency.rounding

    def _sdp_sync_odoo_credit_limit(self):
        """Odoo's own credit limit of each profile's customer, in the profile's company, becomes
        the profile's limit in force (P6.3.2): Odoo's warnings on quotations and invoices and
        the credit gate speak of the same limit (each with its own exposure formula)."""
        groups = {}
        undecided = set()
        for profile in self:
            limit = profile._sdp_odoo_credit_limit()
            if limit is None:
                undecided.add((profile.partner_id, profile.company_id))
                continue
            key = (profile.company_id, limit)
            groups.setdefault(key, self.env["res.partner"])
            groups[key] |= profile.partner_id
        self._sdp_release_odoo_credit_limit(undecided)
        for (company, limit), partners in groups.items():
            # sudo: Odoo's credit limit is an accounting field (account groups); this flow
            # writes only the value the customer's credit profile gives, under its permit.
            with_permit(partners.sudo().with_company(company), "credit_limit_sync").write(
                {"credit_limit": limit}
            )

    def _sdp_release_odoo_credit_limit(self, pairs):
        """Customers (``{(partner, company)}``) whose profile is gone from that company get
        Odoo's default limit of the company back (nothing of the policy decides it any more)."""
        for partner, company in pairs:
            if not (partner and company):
                continue
            field = self.env["res.partner"]._fields["credit_limit"]
            # sudo: as in _sdp_sync_odoo_credit_limit.
            partner = with_permit(partner.sudo().with_company(company), "credit_limit_sync")
            partner.write({"credit_limit": field.get_company_dependent_fallback(partner)})

    def _sdp_check_duplicates(self, pairs, exclude=None):
        """A friendly error before the SQL unique constraint (P6.3.2: one file per customer)."""
        seen = set()
        for pair in pairs:
            if pair in seen:
                raise ValidationError(
                    self.env._("A customer has one credit profile per company (P6.3.2).")
                )
            seen.add(pair)
        partner_ids = [p for p, _c in pairs if p]
        if not partner_ids:
            return
        # sudo: existence check only, so that nobody creates a second file for a customer whose
        # file they cannot read; nothing of the existing file is returned.
        existing = (
            self.sudo()  # sudo: existence check only, see above
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id", "in", partner_ids),
                    ("company_id", "in", [c for _p, c in pairs]),
                    ("id", "not in", (exclude or self.browse()).ids),
                ]
            )
        )
        clashes = {(p.partner_id.id, p.company_id.id): p for p in existing}
        for pair in pairs:
            if pair in clashes:
                profile = clashes[pair]
                raise ValidationError(
                    self.env._(
                        "%(partner)s already has a credit profile in %(company)s (P6.3.2: one "
                        "credit file per customer). Open and update that profile instead.",
                        partner=profile.partner_id.display_name,
                        company=profile.company_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_assessed(self):
        # The assessments are the credit file's history (P6.3.2): deleting the profile would
        # delete them with it.
        assessed = self.sudo().filtered("assessment_ids")  # sudo: a yes/no per profile
        if assessed:
            raise UserError(
                self.env._(
                    "The credit profile of %(partner)s has assessments: they are the history of "
                    "the credit file (P6.3.2) and are kept. Archive the customer instead.",
                    partner=assessed[0].partner_id.display_name,
                )
            )

    def action_view_assessments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_dev_policy.sdp_credit_assessment_action"
        )
        action["domain"] = [("profile_id", "=", self.id)]
        action["context"] = {
            "default_profile_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_company_id": self.company_id.id,
        }
        return action

    def action_new_assessment(self):
        """Start an investigation (P6.3.1) as a credit officer."""
        self.ensure_one()
        assessment = self.env["sdp.credit.assessment"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "profile_id": self.id,
            }
        )
        if self.state == "not_assessed":
            self.state = "investigating"
        return {
            "type": "ir.actions.act_window",
            "res_model": "sdp.credit.assessment",
            "res_id": assessment.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Exposure (P6.3.2)
    # ------------------------------------------------------------------

    @api.model
    def _get_exposure(self, partners, company, exclude_orders=None):
        """Credit exposure of ``partners``' commercial entities in ``company``.

        Returns ``{commercial_partner_id: (open_receivables, orders_not_invoiced)}`` in the
        company currency, in a constant number of queries whatever the number of partners:

        * open receivables: ``amount_residual`` (company currency) of posted journal items on
          receivable accounts of the company, grouped by partner;
        * orders not invoiced: confirmed sale orders' (counted against the customer they were
          confirmed for) ordered amount minus what posted invoices
          already billed (``price_subtotal - untaxed_amount_invoiced``), taxes included pro rata
          (``price_total / price_subtotal``) because receivables include taxes; the order
          currency is converted at today's rate (the amount is still outstanding, like an open
          receivable), one conversion per currency.

        ``exclude_orders`` are left out (they are being confirmed and counted by the caller).
        """
        commercial = partners.commercial_partner_id
        if not commercial:
            return {}
        # sudo: exposure is an aggregate the credit gate and the summaries need whatever the
        # user's accounting rights; only totals per customer leave this method.
        aml_model = self.env["account.move.line"].sudo()
        receivables = aml_model._read_group(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("partner_id.commercial_partner_id", "in", commercial.ids),
            ],
            ["partner_id"],
            ["amount_residual:sum"],
        )
        result = defaultdict(lambda: [0.0, 0.0])
        for partner, amount in receivables:
            result[partner.commercial_partner_id.id][0] += amount
        line_domain = [
            ("company_id", "=", company.id),
            ("state", "=", "sale"),
            ("display_type", "=", False),
            # Against the customer the order was confirmed for, not the customer as it is now
            # (a contact re-filed under another company takes no confirmed order with it).
            ("order_id.sdp_confirmed_partner_id", "in", commercial.ids),
        ]
        if exclude_orders:
            line_domain.append(("order_id", "not in", exclude_orders.ids))
        lines = (
            self.env["sale.order.line"]
            .sudo()  # sudo: totals per customer only, see above
            ._read_group(
                line_domain,
                ["order_id", "currency_id"],
                ["price_subtotal:sum", "price_total:sum", "untaxed_amount_invoiced:sum"],
            )
        )
        today = fields.Date.context_today(self)
        rates = {}
        for order, currency, subtotal, total, invoiced in lines:
            remaining = max(subtotal - invoiced, 0.0)
            if not remaining:
                continue
            taxed = remaining * (total / subtotal) if subtotal else remaining
            if currency not in rates:
                rates[currency] = currency._convert(
                    1.0, company.currency_id, company, today, round=False
                )
            result[order.sdp_confirmed_partner_id.id][1] += taxed * rates[currency]
        rounding = company.currency_id.rounding
        return {
            partner_id: (
                float_round(amounts[0], precision_rounding=rounding),
                float_round(amounts[1], precision_rounding=rounding),
            )
            for partner_id, amounts in result.items()
        }

    @api.model
    def _get_profiles(self, partners, company):
        """``{commercial_partner_id: profile}`` (sudo) for ``partners`` in ``company``."""
        commercial = partners.commercial_partner_id
        if not commercial:
            return {}
        # sudo: callers expose only the summary (status, rating, available credit) or use the
        # profile to enforce the policy; see res.partner / sale.order summary fields.
        profiles = self.sudo().search(
            [("partner_id", "in", commercial.ids), ("company_id", "=", company.id)]
        )
        return {profile.partner_id.id: profile for profile in profiles}

    # ------------------------------------------------------------------
    # Scheduled actions (P6.3.2: track changes in credit, act on them in time)
    # ------------------------------------------------------------------

    def _sdp_credit_officer(self):
        """The credit officer to ask: the assessor if still a credit officer, else the first
        credit officer of the profile's company (or of the current company)."""
        company = self[:1].company_id or self.env.company
        return self[:1]._sdp_pick_officer(self._sdp_credit_officers(company)[company])

    def _sdp_pick_officer(self, officers):
        """The assessor when among ``officers`` (the credit officers of the profile's company),
        else the first of them."""
        return (
            self.assessor_id if self.assessor_id and self.assessor_id in officers else officers[:1]
        )

    @api.model
    def _sdp_credit_officers(self, companies):
        """``{company: credit officers of it, by id}`` for ``companies``, in one read."""
        group = self.env.ref("sales_dev_policy.group_sdp_credit_officer")
        users = group.users.filtered(lambda u: not u.share and u.active).sorted("id")
        return {
            company: users.filtered(lambda u, c=company: c in u.company_ids)
            for company in companies
        }

    @api.model
    def _cron_review_due(self, batch_size=500):
        """Move profiles past their next review date to "review needed" (P6.3.2).

        At most ``batch_size`` profiles per call, reported to the cron runner, which calls
        again while some remain (moved profiles are not selected again). A batch that meets a
        credit officer changing one of its profiles at the same moment is undone and runs
        again shortly (``run_batch``)."""
        parts = [(None, self._sdp_review_due_domain())]
        run_batch(
            self.env,
            "sales_dev_policy.ir_cron_sdp_credit_review_due",
            lambda: self._sdp_review_due_batch(batch_size, parts),
            pending=lambda: count_parts(self, parts),
        )

    @api.model
    def _sdp_review_due_domain(self):
        # Each company's own calendar decides when a review date has passed.
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([])
        return expression.AND(
            [
                [("state", "in", ("approved", "watch"))],
                expression.OR(
                    [
                        [
                            ("company_id", "=", company.id),
                            ("date_next_review", "<", company._sdp_today()),
                        ]
                        for company in companies
                    ]
                    or [[("date_next_review", "<", today)]]
                ),
            ]
        )

    @api.model
    def _sdp_review_due_batch(self, batch_size, parts=None):
        """One batch of the review-due check: ``(done, remaining)``."""
        today = fields.Date.context_today(self)
        [(_key, profiles)], remaining = take_batch(
            self, parts or [(None, self._sdp_review_due_domain())], batch_size
        )
        # One batch of activities (no "assigned to you" e-mail per reminder, as the customer
        # freshness cron): the activity is the reminder; one officer lookup per company.
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        officers = self._sdp_credit_officers(profiles.company_id)
        vals_list = []
        for profile in profiles:
            officer = profile._sdp_pick_officer(officers[profile.company_id])
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": profile.id,
                    "activity_type_id": todo.id,
                    "automated": True,
                    "date_deadline": today,
                    "summary": self.env._("Credit review due (P6.3.2)"),
                    "note": self.env._(
                        "The credit profile of %(partner)s was due for review on %(date)s.",
                        partner=profile.partner_id.display_name,
                        date=profile.date_next_review,
                    ),
                    "user_id": (officer or self.env.user).id,
                }
            )
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        profiles.write({"state": "review_needed"})
        return len(profiles), remaining

    @api.model
    def _cron_overdue_watch(self, batch_size=500):
        """Put customers with receivables overdue beyond the company limit on watch (P6.3.2).

        At most ``batch_size`` profiles per call (all companies); the cron is told what remains
        and calls again (a run interrupted halfway resumes: watched profiles are not selected
        again). A batch that meets a credit officer changing one of its profiles at the same
        moment is undone and runs again shortly (``run_batch``)."""
        parts = self._sdp_overdue_watch_parts()
        run_batch(
            self.env,
            "sales_dev_policy.ir_cron_sdp_credit_overdue_watch",
            lambda: self._sdp_overdue_watch_batch(batch_size, parts),
            pending=lambda: count_parts(self, parts),
        )

    @api.model
    def _sdp_overdue_watch_parts(self):
        """``[((company, {commercial partner: overdue amount}), domain of the profiles to put on
        watch)]`` of the companies with overdue receivables."""
        result = []
        companies = self.env["res.company"].search([("sdp_credit_overdue_days", ">", 0)])
        for company in companies:
            # The company's own calendar decides how long a receivable is overdue.
            limit_date = fields.Date.subtract(
                company._sdp_today(), days=company.sdp_credit_overdue_days
            )
            overdue = self.env["account.move.line"]._read_group(
                [
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("reconciled", "=", False),
                    ("amount_residual", ">", 0),
                    ("date_maturity", "<", limit_date),
                ],
                ["partner_id"],
                ["amount_residual:sum"],
            )
            amounts = defaultdict(float)
            for partner, amount in overdue:
                amounts[partner.commercial_partner_id] += amount
            if not amounts:
                continue
            partner_ids = [p.id for p in amounts]
            # Only approved profiles go on watch. A profile that needs review stays there until a
            # credit officer reassesses it: putting it on watch would make the review cron move
            # it back the next day, and both would ping-pong with a new activity each time.
            domain = [
                ("company_id", "=", company.id),
                ("partner_id", "in", partner_ids),
                ("state", "=", "approved"),
            ]
            result.append(((company, amounts), domain))
        return result

    @api.model
    def _sdp_overdue_watch_batch(self, batch_size, parts=None):
        """One batch of the overdue watch: ``(done, remaining)``."""
        taken, remaining = take_batch(self, parts or self._sdp_overdue_watch_parts(), batch_size)
        for (company, amounts), profiles in taken:
            profiles._sdp_put_on_watch(company.sdp_credit_overdue_days, amounts)
        return sum(len(profiles) for _key, profiles in taken), remaining

    def _sdp_put_on_watch(self, days, amounts):
        """Put ``self`` on watch for receivables overdue by more than ``days`` (``amounts``:
        ``{commercial partner: overdue amount}``), in one batch whatever their number: a note
        on each profile, an activity for the credit officer and one for the customer's
        salesperson on the customer (who cannot read the credit profile)."""
        if not self:
            return
        messages = {
            profile.id: self.env._(
                "%(partner)s has receivables overdue by more than %(days)s days "
                "(%(amount)s): credit profile put on watch (P6.3.2).",
                partner=profile.partner_id.display_name,
                days=days,
                amount=format_amount(self.env, amounts[profile.partner_id], profile.currency_id),
            )
            for profile in self
        }
        self.write({"state": "watch"})
        self._message_log_batch(bodies=messages)
        todo = self.env.ref("mail.mail_activity_data_todo")
        profile_model_id = self.env["ir.model"]._get_id(self._name)
        partner_model_id = self.env["ir.model"]._get_id("res.partner")
        officers = self._sdp_credit_officers(self.company_id)
        today = fields.Date.context_today(self)
        vals_list = []
        for profile in self:
            officer = profile._sdp_pick_officer(officers[profile.company_id])
            common = {
                "activity_type_id": todo.id,
                "automated": True,
                "date_deadline": today,
                "summary": self.env._("Overdue receivables (P6.3.2)"),
                "note": messages[profile.id],
            }
            if officer:
                vals_list.append(
                    {
                        **common,
                        "res_model_id": profile_model_id,
                        "res_id": profile.id,
                        "user_id": officer.id,
                    }
                )
            salesperson = profile.partner_id.user_id
            if salesperson:
                vals_list.append(
                    {
                        **common,
                        "res_model_id": partner_model_id,
                        "res_id": profile.partner_id.id,
                        "user_id": salesperson.id,
                    }
                )
        # No "assigned to you" e-mail per activity (as the other reminder crons): the
        # activity is the reminder.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
