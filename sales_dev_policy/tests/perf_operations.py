"""Hot paths of the module, measured by query count (tests/test_performance.py, bin/bench).

Each operation is one small function registered with :func:`operation`. It receives a
:class:`PerfFixture` (users, team, stages, helpers creating records) and ``n``, creates its
``n`` records and returns the callable to measure; the callable runs the hot path once.
:func:`measure` flushes and empties the caches first, so the count includes every query the
hot path really needs (nothing is hidden by records read during the setup).

Adding an operation::

    @operation("credit: partner summary")
    def op_credit_summary(fx, n):
        partners = fx.credit_customers(n)
        return lambda: partners.with_user(fx.user_sales).mapped("sdp_credit_available")

The module is imported by the test and by ``tools/sdp_benchmark.py``; it must not import
``odoo.tests`` (outside test mode Odoo logs an error on that import).
Shared by all features.
"""

import contextlib
import time
from collections import namedtuple
from datetime import date, timedelta

from lxml import etree

from odoo import Command, fields

from ..models.sdp_permit import with_permit

Operation = namedtuple("Operation", "name setup")
Measure = namedtuple("Measure", "queries ms")

OPERATIONS = []


def operation(name):
    """Register ``func(fixture, n) -> callable`` as a measured hot path named ``name``."""

    def register(func):
        OPERATIONS.append(Operation(name, func))
        return func

    return register


def measure(env, run, capture=None):
    """Run ``run()`` once on cold caches; return its query count and wall time (ms).

    ``capture``: an optional context manager active while ``run`` runs (bin/bench uses it to
    list the queries).
    """
    env.flush_all()
    env.invalidate_all()
    cr = env.cr
    start_queries = cr.sql_log_count
    start = time.perf_counter()
    with capture or contextlib.nullcontext():
        run()
        env.flush_all()
    return Measure(cr.sql_log_count - start_queries, (time.perf_counter() - start) * 1000.0)


class PerfFixture:
    """Users, a sales team on the policy pipeline and record factories for the operations."""

    def __init__(self, env):
        self.env = env
        self.company = env.company
        self.stage = {
            step: env.ref(f"sales_dev_policy.crm_stage_sdp_{step}")
            for step in (
                "prospect",
                "contact",
                "needs",
                "proposal",
                "negotiation",
                "contract",
                "won",
            )
        }
        users = env["res.users"].with_context(no_reset_password=True)
        self.user_sales = users.create(
            {
                "name": "Bench Salesperson",
                "login": "sdp_bench_sales",
                "email": "sdp_bench_sales@example.com",
                "groups_id": [Command.set([env.ref("sales_dev_policy.group_sdp_salesperson").id])],
            }
        )
        self.user_manager = users.create(
            {
                "name": "Bench Manager",
                "login": "sdp_bench_manager",
                "email": "sdp_bench_manager@example.com",
                "groups_id": [Command.set([env.ref("sales_dev_policy.group_sdp_manager").id])],
            }
        )
        self.team = env["crm.team"].create(
            {
                "name": "Bench Team",
                "user_id": self.user_manager.id,
                "member_ids": [Command.link(self.user_sales.id)],
                "sdp_use_policy_pipeline": True,
            }
        )
        self.company.write({"sdp_pipeline_no_skip": True, "sdp_pipeline_back_reason": True})
        # The operations measure the gates' own data; screening (P3.2.2) and the negotiation
        # round (P3.6.3) are one grouped read each, left out like the confirmed order.
        self.stage["contact"].sdp_gate_require_screening = False
        self.stage["contract"].sdp_gate_require_negotiation = False
        self.customer = env["res.partner"].create({"name": "Bench Customer"})
        self.product = env["product.product"].create(
            {"name": "Bench Service", "type": "service", "list_price": 100.0}
        )
        self._count = 0

    def _names(self, prefix, n):
        self._count += 1
        return [f"{prefix} {self._count}-{i}" for i in range(n)]

    def leads(self, n, step="prospect", **vals):
        """``n`` opportunities of the salesperson in ``step``, put there by a manager override."""
        leads = (
            with_permit(
                self.env["crm.lead"].with_user(self.user_manager),
                "gate_override",
                reason="benchmark setup",
            )
            .with_context(mail_create_nolog=True)
            .create(
                [
                    {
                        "name": name,
                        "type": "opportunity",
                        "team_id": self.team.id,
                        "user_id": self.user_sales.id,
                        "stage_id": self.stage[step].id,
                        "partner_name": name,
                        "email_from": "bench@example.com",
                        **vals,
                    }
                    for name in self._names("Bench Lead", n)
                ]
            )
        )
        # with_env: back to the caller's user and context (no override reason).
        return leads.with_env(self.env)

    def partners(self, n, **vals):
        """``n`` companies of the salesperson."""
        return self.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "user_id": self.user_sales.id,
                    "email": "bench@example.com",
                    "city": "Bench City",
                    **vals,
                }
                for name in self._names("Bench Partner", n)
            ]
        )

    def orders(self, n):
        """``n`` quotations of the salesperson, one service line each.

        The customer already follows them (as after the quotation was sent): sale's own
        ``action_confirm`` subscribes it order by order otherwise, a cost of standard Odoo
        that this module does not add to.
        """
        orders = (
            self.env["sale.order"]
            .with_user(self.user_sales)
            .create(
                [
                    {
                        "partner_id": self.customer.id,
                        "order_line": [
                            Command.create({"product_id": self.product.id, "product_uom_qty": 1})
                        ],
                    }
                    for _i in range(n)
                ]
            )
            .with_env(self.env)
        )
        orders.message_subscribe(partner_ids=self.customer.ids)
        return orders


def _approved_profiles(fx, partners, limit=1e9, review_in_days=30, **vals):
    """An approved credit profile (rating B) for each of ``partners``, as an approved
    assessment leaves it; its next review ``review_in_days`` from today."""
    return fx.env["sdp.credit.profile"].create(
        [
            {
                "partner_id": partner.id,
                "state": "approved",
                "rating": "b",
                "credit_limit": limit,
                "date_next_review": fields.Date.today() + timedelta(days=review_in_days),
                **vals,
            }
            for partner in partners
        ]
    )


def _credit_customers(fx, n, limit=1e9):
    """``n`` customers of the salesperson, each with an approved credit profile and one
    confirmed, uninvoiced order (so that their exposure is not zero)."""
    partners = fx.partners(n)
    _approved_profiles(fx, partners, limit=limit)
    gate = fx.company.sdp_credit_order_gate
    fx.company.sdp_credit_order_gate = False
    orders = fx.env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": fx.product.id, "product_uom_qty": 1})],
            }
            for partner in partners
        ]
    )
    orders.message_subscribe(partner_ids=partners.ids)
    orders.action_confirm()
    fx.company.sdp_credit_order_gate = gate
    return partners


def view_specification(model, view_type):
    """The ``web_search_read`` specification of ``model``'s default ``view_type`` view, as
    the web client builds it: every field of the arch, relational ones with display_name."""
    views = model.get_views([(False, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        field = model._fields.get(name)
        if not field or name in spec:
            continue
        # Fields of sub-views (x2many inline lists) belong to the sub-record, not the lead.
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        spec[name] = {"fields": {"display_name": {}}} if field.relational else {}
    return spec


def _move(fx, leads, target):
    def run():
        leads.with_user(fx.user_sales).write({"stage_id": target.id})
        assert leads.stage_id == target, "every lead passed the gate"

    return run


# ---------------------------------------------------------------------- the hot paths
@operation("stage write: gate with fields (needs -> proposal)")
def op_stage_write_fields(fx, n):
    """P3: a salesperson moves N leads at once; the Proposal gate checks four fields."""
    leads = fx.leads(
        n,
        step="needs",
        sdp_proposal_products=True,
        sdp_proposal_pricing=True,
        sdp_proposal_delivery=True,
        sdp_proposal_after_sales=True,
    )
    return _move(fx, leads, fx.stage["proposal"])


@operation("stage write: gate with activities (prospect -> contact)")
def op_stage_write_activities(fx, n):
    """P3.3.2: the Contacted gate needs a completed first-contact activity on each lead."""
    leads = fx.leads(n, step="prospect")
    call = fx.env.ref("sales_dev_policy.mail_activity_type_sdp_first_contact_call")
    # A done activity is logged as a message carrying its type (mail.activity._action_done);
    # the fixture writes those messages directly, with that flow's permit, to measure the gate
    # and not the activity flow.
    with_permit(fx.env["mail.message"], "activity_done").create(
        [
            {
                "model": "crm.lead",
                "res_id": lead.id,
                "message_type": "notification",
                "body": "First contact call done",
                "mail_activity_type_id": call.id,
            }
            for lead in leads
        ]
    )
    return _move(fx, leads, fx.stage["contact"])


@operation("stage write: gate with checklist (negotiation -> contract)")
def op_stage_write_checklist(fx, n):
    """P3.7: the Contract gate needs its checklist items ticked on each lead."""
    items = fx.stage["contract"].sdp_gate_checklist_item_ids
    leads = fx.leads(
        n,
        step="negotiation",
        partner_id=fx.customer.id,
        sdp_checklist_item_done_ids=[Command.set(items.ids)],
    )
    return _move(fx, leads, fx.stage["contract"])


@operation("won: action_set_won (kickoff, follow-up)")
def op_set_won(fx, n):
    """P3.7 / P3.8: N leads in the Contract step are won at once; each gets its kickoff
    meeting and follow-up milestones."""
    leads = fx.leads(n, step="contract", partner_id=fx.customer.id)
    # The confirmed order that winning needs (P3.7.1) is one grouped query for the batch; the
    # benchmark measures the kickoff and follow-up, for leads that need none.
    fx.stage["won"].sdp_require_confirmed_order = False

    def run():
        leads.with_user(fx.user_sales).action_set_won()
        assert leads.stage_id == fx.stage["won"], "every lead is won"

    return run


@operation("completeness: compute on leads")
def op_completeness_leads(fx, n):
    """P4.1.3: the stored completeness score of N leads is recomputed (e.g. after a change
    of the required information)."""
    leads = fx.leads(n)
    field = leads._fields["sdp_completeness"]

    def run():
        fx.env.add_to_compute(field, leads)
        leads.flush_recordset(["sdp_completeness"])
        leads.with_user(fx.user_sales).mapped("sdp_info_missing")

    return run


@operation("completeness: compute on partners")
def op_completeness_partners(fx, n):
    """P4.1.3: the stored completeness score of N customers is recomputed."""
    partners = fx.partners(n)
    field = partners._fields["sdp_completeness"]

    def run():
        fx.env.add_to_compute(field, partners)
        partners.flush_recordset(["sdp_completeness"])
        partners.with_user(fx.user_sales).mapped("sdp_info_missing")

    return run


@operation("lead kanban: web_search_read")
def op_lead_kanban(fx, n):
    """The pipeline kanban of the salesperson: gate progress and SLA badge on every card."""
    leads = fx.leads(n, step="needs")
    model = fx.env["crm.lead"].with_user(fx.user_sales)
    spec = view_specification(model, "kanban")
    domain = [("id", "in", leads.ids)]
    return lambda: model.web_search_read(domain, spec, limit=max(n, 80))


@operation("lead list: web_search_read")
def op_lead_list(fx, n):
    """The list of the salesperson's opportunities."""
    leads = fx.leads(n, step="needs")
    model = fx.env["crm.lead"].with_user(fx.user_sales)
    spec = view_specification(model, "list")
    domain = [("id", "in", leads.ids)]
    return lambda: model.web_search_read(domain, spec, limit=max(n, 80))


@operation("legal: confirmation check (review not required)")
def op_legal_check(fx, n):
    """P3.7.3: the legal triggers are evaluated on N quotations; none needs review."""
    fx.company.write(
        {
            "sdp_legal_on_amount": True,
            "sdp_legal_amount_threshold": 1_000_000.0,
            "sdp_legal_on_payment_term": False,
            "sdp_legal_on_product": True,
        }
    )
    orders = fx.orders(n)

    def run():
        blocked = orders.with_user(fx.user_sales)._sdp_legal_blocks_confirmation()
        assert not blocked, "no order of the benchmark needs legal review"
        orders.with_user(fx.user_sales).mapped("sdp_legal_reasons")

    return run


@operation("legal: action_confirm (review not required)")
def op_legal_confirm(fx, n):
    """P3.7.3: N quotations confirmed at once pass the legal check."""
    fx.company.write(
        {
            "sdp_legal_on_amount": True,
            "sdp_legal_amount_threshold": 1_000_000.0,
            "sdp_legal_on_product": True,
        }
    )
    orders = fx.orders(n)
    return lambda: orders.with_user(fx.user_sales).action_confirm()


@operation("credit: exposure of N credit profiles")
def op_credit_exposure(fx, n):
    """P6.3.2: receivables and uninvoiced orders of N customers, in two aggregate queries."""
    partners = _credit_customers(fx, n)
    profiles = fx.env["sdp.credit.profile"].search([("partner_id", "in", partners.ids)])
    return lambda: profiles.mapped("available_credit")


@operation("credit: customer summary of N partners")
def op_credit_summary(fx, n):
    """P6.3.1: the salesperson's credit summary of N customers (status, exposure, available)."""
    partners = _credit_customers(fx, n)
    return lambda: partners.with_user(fx.user_sales).mapped("sdp_credit_available")


@operation("credit: action_confirm with the credit gate on")
def op_credit_confirm(fx, n):
    """P6.3.1: N quotations of N customers with valid profiles are checked and confirmed."""
    partners = _credit_customers(fx, n)
    fx.company.sdp_credit_order_gate = True
    orders = (
        fx.env["sale.order"]
        .with_user(fx.user_sales)
        .create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create({"product_id": fx.product.id, "product_uom_qty": 1})
                    ],
                }
                for partner in partners
            ]
        )
        .with_env(fx.env)
    )
    orders.message_subscribe(partner_ids=partners.ids)

    def run():
        orders.with_user(fx.user_sales).action_confirm()
        assert set(orders.mapped("state")) == {"sale"}, "the credit gate passes them all"

    return run


@operation("cron: stage SLA")
def op_cron_sla(fx, n):
    """P3 stage SLA: N leads over the limit get flagged and an activity each."""
    stage = fx.stage["needs"]
    stage.write({"sdp_sla_days": 5, "sdp_sla_escalation_days": 10})
    leads = fx.leads(n, step="needs")
    old = fields.Datetime.now() - timedelta(days=30)
    # Test data: a stage entered a month ago (the ORM sets this date to now on write).
    fx.env.flush_all()
    fx.env.cr.execute(
        "UPDATE crm_lead SET date_last_stage_update = %s WHERE id = ANY(%s)", [old, leads.ids]
    )
    leads.invalidate_recordset(["date_last_stage_update"])

    def run():
        # One batch holding every lead (flagged and escalated: two items each).
        fx.env["crm.lead"]._cron_sdp_stage_sla(batch_size=2 * n)
        assert all(leads.mapped("sdp_sla_overdue")), "every lead is flagged over SLA"

    return run


@operation("cron: customer freshness")
def op_cron_freshness(fx, n):
    """P4.2.2: N customers not reviewed for too long get an update activity each."""
    fx.company.sdp_review_interval_days = 30
    long_ago = fields.Date.context_today(fx.customer) - timedelta(days=400)
    partners = fx.partners(n, sdp_date_reviewed=long_ago)

    def run():
        fx.env["res.partner"]._cron_sdp_customer_freshness()
        assert all(partners.mapped("activity_ids")), "every customer got a reminder"

    return run


@operation("report: transition log read_group")
def op_transition_report(fx, n):
    """P3: average days per step and moves per salesperson over N transitions."""
    fx.leads(n, step="needs")
    model = fx.env["sdp.stage.transition"].with_user(fx.user_manager)

    def run():
        model.read_group([], ["days_in_previous:avg"], ["step_to", "salesperson_id"], lazy=False)
        model.read_group([("is_override", "=", True)], ["__count"], ["team_id"])

    return run


# INCENTIVE (P5.1)
@operation("cron: monthly commissions")
def op_cron_commissions(fx, n):
    """P5.1.1: N salespeople with a commission plan and an order in the month get their sheet,
    computed from one ``_get_kpis`` call."""
    fx.env["sdp.commission.plan"].search([]).action_archive()  # earlier runs' plans
    users = (
        fx.env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": name,
                    "login": name.lower().replace(" ", "_"),
                    "groups_id": [
                        Command.set([fx.env.ref("sales_dev_policy.group_sdp_salesperson").id])
                    ],
                }
                for name in fx._names("Bench Commission", n)
            ]
        )
    )
    fx.env["sdp.commission.plan"].create(
        {
            "name": f"Bench plan {fx._count}",
            "rate_sales": 5.0,
            "rate_profit": 10.0,
            "amount_per_new_customer": 20.0,
            "user_ids": [Command.set(users.ids)],
        }
    )
    month = fields.Date.to_date("2026-10-01")

    def run():
        sheets = fx.env["sdp.commission.sheet"]._generate(month, fx.company)
        assert sheets.user_id == users, "one sheet per salesperson with a plan"
        assert all(len(sheet.line_ids) == 3 for sheet in sheets), "three measures each"

    return run


# APPRAISAL (P5.3.1)
@operation("cron: appraisal generation")
def op_cron_appraisals(fx, n):
    """P5.3.1/P5.4.2: monthly appraisals of N salespeople (one KPI call), all below their target,
    each with a performance interview activity for the team leader."""
    fx._count += 1
    group = fx.env.ref("sales_dev_policy.group_sdp_salesperson")
    users = (
        fx.env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Bench Appraised {fx._count}-{i}",
                    "login": f"sdp_bench_appraised_{fx._count}_{i}",
                    "groups_id": [Command.set([group.id])],
                }
                for i in range(n)
            ]
        )
    )
    # A month of its own per measure: the generation is idempotent per period.
    month = date(2000 + fx._count, 1, 1)
    team = fx.env["crm.team"].create(
        {
            "name": f"Bench Appraisal Team {fx._count}",
            "user_id": fx.user_manager.id,
            "member_ids": [Command.set(users.ids)],
        }
    )
    fx.env["sdp.sales.target"].create(
        [{"user_id": user.id, "date_from": month, "sales_target": 1000.0} for user in users]
    )

    def run():
        appraisals = fx.env["sdp.appraisal"]._generate("month", month, companies=fx.company)
        mine = appraisals.filtered(lambda a: a.team_id == team)
        assert len(mine) == n and set(mine.mapped("result")) == {"below"}
        assert all(mine.mapped("activity_ids")), "every appraisal got an interview activity"

    return run


@operation("cron: credit reviews due")
def op_cron_credit_review(fx, n):
    """P6.3.2: N credit profiles past their review date: status and one reminder each."""
    profiles = _approved_profiles(
        fx,
        fx.partners(n),
        limit=1000.0,
        review_in_days=-1,
        date_assessed=fields.Date.today() - timedelta(days=400),
    )

    def run():
        # The batch itself: the cron's savepoint also runs Odoo's tracking of the state change
        # (one message per profile), which otherwise runs at commit, outside what is measured.
        fx.env["sdp.credit.profile"]._sdp_review_due_batch(500)
        assert set(profiles.mapped("state")) == {"review_needed"}
        assert all(profiles.mapped("activity_ids")), "every profile got a reminder"

    return run


@operation("cron: credit overdue watch")
def op_cron_credit_overdue(fx, n):
    """P6.3.2: N customers with receivables overdue: profiles on watch, notes and reminders."""
    fx.company.sdp_credit_overdue_days = 30
    partners = fx.partners(n)
    profiles = _approved_profiles(
        fx, partners, review_in_days=300, date_assessed=fields.Date.today() - timedelta(days=10)
    )
    due = fields.Date.today() - timedelta(days=60)
    invoices = fx.env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": due,
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create({"product_id": fx.product.id, "quantity": 1, "price_unit": 10})
                ],
            }
            for partner in partners
        ]
    )
    invoices.action_post()

    def run():
        # The batch itself, as for the reviews due (tracking runs at commit).
        fx.env["sdp.credit.profile"]._sdp_overdue_watch_batch(500)
        assert set(profiles.mapped("state")) == {"watch"}

    return run
