"""Benchmark at scale: the policy's cost as a ratio against the same work without it
(run by bin/bench --scale, on a database built by tools/sdp_generate.py).

Each figure runs both sides in the same process on the same data: the policy side and a
baseline (a manager instead of a salesperson under the record rules, the module's switches
off, a team off the policy pipeline, or a hand-written SQL aggregate). Every run is made in a
savepoint rolled back afterwards, on caches emptied first; each side is warmed up once the same
way, then both run ``--repeat`` times, alternately; the median time and the median query count
of each side are reported.

    python tools/sdp_scale_bench.py -c odoo.conf -d DB [--repeat 5] [--only a,b,c,d,e,f]

Exit status 1 when a ratio with a target is above it, 0 otherwise.
Shared by all features.
"""

import argparse
import statistics
import sys
import time
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta
from lxml import etree

import odoo
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tools import SQL

ROWS = []


def view_specification(model, view_type):
    """The web_search_read specification of the default view, as the web client builds it
    (the same as perf_operations.view_specification, which cannot be imported from here)."""
    arch = etree.fromstring(model.get_views([(False, view_type)])["views"][view_type]["arch"])
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        field = model._fields.get(name)
        if not field or name in spec:
            continue
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        spec[name] = {"fields": {"display_name": {}}} if field.relational else {}
    return spec


@contextmanager
def rolled_back(env):
    savepoint = env.cr.savepoint()
    try:
        yield
    finally:
        savepoint.close(rollback=True)
        env.invalidate_all(flush=False)


def run_once(env, setup):
    """Set up in a savepoint, run the measured callable on cold ORM caches, roll back."""
    with rolled_back(env):
        run = setup()
        env.flush_all()
        env.invalidate_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        run()
        env.flush_all()
        elapsed = (time.perf_counter() - start) * 1000.0
        return elapsed, env.cr.sql_log_count - queries


def measure(env, setup, repeat):
    run_once(env, setup)  # warm-up: registry and PostgreSQL caches, as for the other side
    runs = [run_once(env, setup) for _i in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def compare(env, name, policy, baseline, repeat, target=None, note=""):
    """Measure both sides, print and keep one row. Both are warmed up once, then their runs
    alternate, so that a change of load on a shared machine falls on both sides alike."""
    run_once(env, policy)
    run_once(env, baseline)
    policy_runs, baseline_runs = [], []
    for _i in range(repeat):
        policy_runs.append(run_once(env, policy))
        baseline_runs.append(run_once(env, baseline))
    p_ms = statistics.median(r[0] for r in policy_runs)
    p_q = statistics.median(r[1] for r in policy_runs)
    b_ms = statistics.median(r[0] for r in baseline_runs)
    b_q = statistics.median(r[1] for r in baseline_runs)
    ratio = p_ms / b_ms if b_ms else float("nan")
    ok = "" if target is None else ("ok" if ratio <= target else "MISS")
    row = (name, p_ms, b_ms, ratio, p_q, b_q, target, ok, note)
    ROWS.append(row)
    print(
        f"{name:<52} {p_ms:>9.1f} {b_ms:>9.1f} {ratio:>6.2f}x {p_q:>6.0f} {b_q:>6.0f} "
        f"{'<= ' + str(target) + 'x' if target else 'report':>8} {ok:>4} {note}",
        flush=True,
    )
    return row


def single(env, name, setup, repeat, note=""):
    ms, q = measure(env, setup, repeat)
    ROWS.append((name, ms, None, None, q, None, None, "", note))
    print(
        f"{name:<52} {ms:>9.1f} {'':>9} {'':>7} {q:>6.0f} {'':>6} {'time':>8}      {note}",
        flush=True,
    )


class ScaleBench:
    def __init__(self, env, repeat):
        self.env = env
        self.repeat = repeat
        self.company = env.company
        users = env["res.users"].with_context(active_test=False)
        self.manager = users.search([("login", "=", "scale_manager_0000")])
        self.salespeople = users.search([("login", "=like", "scale_sales_%")], order="login")
        if not self.manager or not self.salespeople:
            raise SystemExit("no generated data here: run tools/sdp_generate.py first")
        # The salesperson with the median number of customers: a typical day, not an extreme.
        env.cr.execute(
            """
            SELECT user_id FROM res_partner WHERE user_id = ANY(%s) GROUP BY user_id
             ORDER BY count(*), user_id
            """,
            [self.salespeople.ids],
        )
        ordered = [row[0] for row in env.cr.fetchall()]
        self.sales = users.browse(ordered[len(ordered) // 2])
        self.stage = {
            step: env.ref(f"sales_dev_policy.crm_stage_sdp_{step}")
            for step in ("needs", "proposal", "contract", "won")
        }

    # ------------------------------------------------------------------ (a) reading
    def reading(self):
        env, sales, manager = self.env, self.sales, self.manager
        lead_model = env["crm.lead"]
        kanban = view_specification(lead_model.with_user(sales), "kanban")
        listing = view_specification(lead_model.with_user(sales), "list")
        partner_list = view_specification(env["res.partner"].with_user(sales), "list")
        # "My pipeline", the default filter of the pipeline, on both sides: same rows.
        mine = [("type", "=", "opportunity"), ("user_id", "=", sales.id)]

        def as_user(user, func):
            return lambda: lambda: func(user)

        def pipeline_kanban(user):
            leads = env["crm.lead"].with_user(user)
            groups = leads.web_read_group(
                mine, ["stage_id", "expected_revenue:sum"], ["stage_id"], lazy=True
            )
            for group in groups["groups"]:
                leads.web_search_read(group["__domain"], kanban, limit=80)

        def pipeline_list(user):
            env["crm.lead"].with_user(user).web_search_read(mine, listing, limit=80)

        def pipeline_read_group(user):
            env["crm.lead"].with_user(user).read_group(
                mine, ["expected_revenue:sum"], ["stage_id"], lazy=False
            )

        def contacts_list(user):
            env["res.partner"].with_user(user).web_search_read([], partner_list, limit=80)

        def contacts_search(user):
            env["res.partner"].with_user(user).name_search("Scale Customer 00", limit=8)

        # The name of one of the salesperson's own customers: what one types to find a
        # customer. The prefix above matches the first 10,000 customers' names (every one
        # below F=0.2), at the start of the name order, where a manager's search finds its
        # 8 rows at once.
        own_customer = env["res.partner"].search([("user_id", "=", sales.id)], limit=1)

        def contacts_search_one(user):
            env["res.partner"].with_user(user).name_search(own_customer.name, limit=8)

        def contacts_count(user):
            env["res.partner"].with_user(user).search_count([])

        # The rows with "Restrict customers" off show Odoo's own share of the pipeline ratios:
        # without the module a salesperson already reads leads under Odoo's "Personal Leads"
        # rule (own or unassigned leads) and a manager under none, and with the switch off
        # the module's lead rules add nothing.
        pipeline = (
            ("pipeline kanban", "(read_group + columns)", pipeline_kanban),
            ("pipeline list", "(web_search_read)", pipeline_list),
            ("pipeline read_group", "", pipeline_read_group),
        )
        blocks = (
            (
                True,
                1.3,
                "salesperson under the rules vs manager",
                [(f"{name} {detail}".strip(), func) for name, detail, func in pipeline]
                + [
                    ("contacts list (web_search_read)", contacts_list),
                    ("contacts name_search, a common prefix", contacts_search),
                    ("contacts name_search, one customer's name", contacts_search_one),
                    ("contacts search_count", contacts_count),
                ],
            ),
            (
                False,
                None,
                "Odoo's own rule: salesperson vs manager",
                [(f"{name}, customer switch off", func) for name, _detail, func in pipeline],
            ),
        )
        for switch, target, note, rows in blocks:
            self.company.sdp_restrict_customers = switch
            env.flush_all()
            for name, func in rows:
                compare(
                    env,
                    f"(a) {name}",
                    as_user(sales, func),
                    as_user(manager, func),
                    self.repeat,
                    target=target,
                    note=note,
                )
        self.company.sdp_restrict_customers = True
        env.flush_all()

    # ------------------------------------------------------------------ (b) stage write
    def stage_write(self, n=1000):
        env = self.env
        leads = env["crm.lead"].search(
            [
                ("stage_id", "=", self.stage["needs"].id),
                ("name", "=like", "Scale Opportunity %"),
            ],
            limit=n,
        )
        plain_team = env["crm.team"].create({"name": "Scale plain team"})
        plain_from, plain_to = env["crm.stage"].create(
            [{"name": "Plain A", "sequence": 90}, {"name": "Plain B", "sequence": 91}]
        )

        def gated():
            return lambda: leads.with_user(self.manager).write(
                {"stage_id": self.stage["proposal"].id}
            )

        def no_gate():
            # The same policy stage with its gate emptied: the policy's bookkeeping only.
            self.stage["proposal"].write(
                {
                    "sdp_gate_field_ids": [Command.clear()],
                    "sdp_gate_activity_type_ids": [Command.clear()],
                    "sdp_gate_attachment_count": 0,
                    "sdp_gate_require_proposal_document": False,
                    "sdp_gate_require_acceptance": False,
                    "sdp_require_legal_review": False,
                    "sdp_require_legal_approval": False,
                    "sdp_require_credit_profile": False,
                }
            )
            self.stage["proposal"].sdp_gate_checklist_item_ids.unlink()
            return gated()

        def plain():
            env.cr.execute(
                "UPDATE crm_lead SET team_id = %s, stage_id = %s WHERE id = ANY(%s)",
                [plain_team.id, plain_from.id, leads.ids],
            )
            return lambda: leads.with_user(self.manager).write({"stage_id": plain_to.id})

        try:
            compare(
                env,
                f"(b) stage write of {len(leads)} leads, gate vs plain Odoo",
                gated,
                plain,
                self.repeat,
                target=1.5,
                note="needs -> proposal (its gate)",
            )
            compare(
                env,
                f"(b) stage write of {len(leads)} leads, no gate vs plain",
                no_gate,
                plain,
                self.repeat,
                target=1.5,
                note="policy stage, gate emptied",
            )
        finally:
            env.cr.rollback()

    # ------------------------------------------------------------------ (c) confirm
    def confirm(self, n=100):
        env = self.env
        profiles = env["sdp.credit.profile"].search([("state", "=", "approved")])
        partners = profiles.filtered(
            lambda p: p.is_valid and p.available_credit > 20_000
        ).partner_id[:n]
        product = env["product.product"].search([("name", "=", "Scale Service 0")], limit=1)

        def orders():
            created = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "user_id": partner.user_id.id,
                        "order_line": [
                            Command.create({"product_id": product.id, "product_uom_qty": 2})
                        ],
                    }
                    for partner in partners
                ]
            )
            created.message_subscribe(partner_ids=partners.ids)
            return created

        def checks(credit, legal):
            def setup():
                self.company.write(
                    {
                        "sdp_credit_order_gate": credit,
                        "sdp_legal_on_amount": legal,
                        "sdp_legal_on_payment_term": False,
                        "sdp_legal_on_product": False,
                    }
                )
                todo = orders()

                def run():
                    todo.with_user(self.manager).action_confirm()
                    assert set(todo.mapped("state")) == {"sale"}

                return run

            return setup

        label = f"(c) confirm {len(partners)} orders"
        off = checks(False, False)
        compare(
            env,
            f"{label}, credit + legal on vs off",
            checks(True, True),
            off,
            self.repeat,
            target=1.2,
        )
        compare(
            env,
            f"{label}, credit gate only vs off",
            checks(True, False),
            off,
            self.repeat,
            note="share of the credit check",
        )
        compare(
            env,
            f"{label}, legal trigger only vs off",
            checks(False, True),
            off,
            self.repeat,
            note="share of the legal check",
        )

    # ------------------------------------------------------------------ (d) won
    def won(self, n=100):
        env = self.env
        from odoo.addons.sales_dev_policy.models.sdp_permit import with_permit

        leads = env["crm.lead"].search(
            [
                ("stage_id", "=", self.stage["contract"].id),
                ("name", "=like", "Scale Opportunity %"),
            ],
            limit=n,
        )
        plain_team = env["crm.team"].create({"name": "Scale plain team (won)"})
        plain_stage = env["crm.stage"].create({"name": "Plain C", "sequence": 92})
        lead_class = type(env["crm.lead"])

        def policy():
            return lambda: with_permit(
                leads.with_user(self.manager), "gate_override", reason="benchmark"
            ).action_set_won()

        def policy_quiet():
            # The same, without Odoo's "assigned to you" e-mail per activity planned for
            # someone else than the user who marks the lead won.
            return lambda: with_permit(
                leads.with_user(self.manager).with_context(mail_activity_quick_update=True),
                "gate_override",
                reason="benchmark",
            ).action_set_won()

        def policy_without_kickoff():
            run = policy()

            def patched():
                original = lead_class._sdp_on_won
                lead_class._sdp_on_won = lambda self: None
                try:
                    run()
                finally:
                    lead_class._sdp_on_won = original

            return patched

        def plain():
            env.cr.execute(
                "UPDATE crm_lead SET team_id = %s, stage_id = %s WHERE id = ANY(%s)",
                [plain_team.id, plain_stage.id, leads.ids],
            )
            return lambda: leads.with_user(self.manager).action_set_won()

        try:
            compare(
                env,
                f"(d) won {len(leads)} leads, kickoff + follow-ups vs plain",
                policy,
                plain,
                self.repeat,
                note="report",
            )
            compare(
                env,
                f"(d) won {len(leads)} leads, the same without activity e-mails",
                policy_quiet,
                plain,
                self.repeat,
                note="share of the e-mails",
            )
            compare(
                env,
                f"(d) won {len(leads)} leads, without kickoff/follow-ups vs plain",
                policy_without_kickoff,
                plain,
                self.repeat,
                note="share of P3.8",
            )
        finally:
            env.cr.rollback()

    # ------------------------------------------------------------------ (e) crons
    def crons(self):
        env = self.env
        month = fields.Date.context_today(env["res.users"]).replace(day=1) - relativedelta(months=5)

        def commissions():
            return lambda: env["sdp.commission.sheet"]._generate(month, self.company)

        def appraisals():
            return lambda: env["sdp.appraisal"]._generate("month", month, companies=self.company)

        def sql_limit():
            users = self.salespeople
            start, end = self.company._sdp_day_bounds(month, month + relativedelta(day=31))
            types = env["mail.activity.type"].search([("sdp_is_first_contact", "=", True)])

            def run():
                env.cr.execute(
                    SQL(
                        """
                WITH sales AS (
                    SELECT user_id, SUM(amount_untaxed) AS amount, SUM(margin) AS margin
                      FROM sale_order
                     WHERE state = 'sale' AND company_id = %(company)s
                       AND user_id = ANY(%(users)s)
                       AND date_order >= %(start)s AND date_order < %(end)s
                  GROUP BY user_id
                ), first_order AS (
                    SELECT DISTINCT ON (p.commercial_partner_id) p.commercial_partner_id AS entity,
                           so.user_id, so.date_order
                      FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                     WHERE so.state = 'sale' AND so.company_id = %(company)s
                  ORDER BY p.commercial_partner_id, so.date_order, so.id
                ), new_customers AS (
                    SELECT user_id, COUNT(*) AS n FROM first_order
                     WHERE date_order >= %(start)s AND date_order < %(end)s GROUP BY user_id
                ), cohort AS (
                    SELECT lead.user_id, p.commercial_partner_id AS entity, fc.first_date
                      FROM (SELECT res_id, MIN(date) AS first_date FROM mail_message
                             WHERE model = 'crm.lead' AND mail_activity_type_id = ANY(%(types)s)
                          GROUP BY res_id) fc
                      JOIN crm_lead lead ON lead.id = fc.res_id
                 LEFT JOIN res_partner p ON p.id = lead.partner_id
                     WHERE lead.user_id = ANY(%(users)s)
                       AND fc.first_date >= %(start)s AND fc.first_date < %(end)s
                ), rate AS (
                    SELECT c.user_id, COUNT(*) AS contacted,
                           COUNT(*) FILTER (WHERE f.date_order >= c.first_date
                                              AND f.date_order < %(end)s) AS converted
                      FROM cohort c LEFT JOIN first_order f ON f.entity = c.entity
                  GROUP BY c.user_id
                )
                SELECT u.id, s.amount, s.margin, n.n, r.contacted, r.converted
                  FROM unnest(%(users)s::int[]) AS u(id)
             LEFT JOIN sales s ON s.user_id = u.id
             LEFT JOIN new_customers n ON n.user_id = u.id
             LEFT JOIN rate r ON r.user_id = u.id
                        """,
                        company=self.company.id,
                        users=users.ids,
                        start=start,
                        end=end,
                        types=types.ids or [0],
                    )
                )
                env.cr.fetchall()

            return run

        def kpis():
            # The figures alone, as both crons compute them (one call for every salesperson).
            date_to = month + relativedelta(day=31)
            return lambda: env["sdp.sales.kpi"]._get_kpis(
                self.salespeople, month, date_to, self.company
            )

        note = f"{len(self.salespeople)} salespeople, {month:%Y-%m}"
        compare(
            env,
            "(e) the crons' figures (_get_kpis) vs the SQL",
            kpis,
            sql_limit,
            self.repeat,
            target=3.0,
            note=note,
        )
        compare(
            env,
            "(e) monthly commissions vs one SQL aggregate",
            commissions,
            sql_limit,
            self.repeat,
            target=3.0,
            note=note,
        )
        compare(
            env,
            "(e) monthly appraisals vs one SQL aggregate",
            appraisals,
            sql_limit,
            self.repeat,
            target=3.0,
            note=note,
        )

    # ------------------------------------------------------------------ (f) volume
    def volume(self):
        env = self.env
        profiles = env["sdp.credit.profile"].search([])

        def exposure():
            return lambda: profiles.mapped("available_credit")

        def freshness():
            return lambda: env["res.partner"]._cron_sdp_customer_freshness()

        def sla():
            return lambda: env["crm.lead"]._cron_sdp_stage_sla()

        def review_due():
            return lambda: env["sdp.credit.profile"]._cron_review_due()

        def overdue():
            return lambda: env["sdp.credit.profile"]._cron_overdue_watch()

        single(env, f"(f) credit exposure of {len(profiles)} profiles", exposure, self.repeat)
        single(env, "(f) cron: customer freshness (one batch)", freshness, self.repeat)
        single(env, "(f) cron: stage SLA", sla, self.repeat)
        single(env, "(f) cron: credit reviews due (one batch)", review_due, self.repeat)
        single(env, "(f) cron: credit overdue watch (one batch)", overdue, self.repeat)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="a, b, c, d, e or f (comma separated)")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level", "warn"])
    odoo.netsvc.init_logger()
    registry = odoo.modules.registry.Registry(args.database)
    only = set(filter(None, args.only.split(",")))
    print(
        f"{'measure':<52} {'policy ms':>9} {'base ms':>9} {'ratio':>7} {'q pol':>6} "
        f"{'q base':>6} {'target':>8}"
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'sdp_generate.scale'")
        scale = (env.cr.fetchone() or ["?"])[0]
        print(f"database {args.database}, generated at scale {scale}, median of {args.repeat}")
        bench = ScaleBench(env, args.repeat)
        print(f"salesperson measured: {bench.sales.login}")
        for key, step in (
            ("a", bench.reading),
            ("b", bench.stage_write),
            ("c", bench.confirm),
            ("d", bench.won),
            ("e", bench.crons),
            ("f", bench.volume),
        ):
            if not only or key in only:
                step()
                cr.rollback()
        cr.rollback()
    misses = [row for row in ROWS if row[7] == "MISS"]
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
