"""Batch cost of the policy against plain Odoo (run by ``bin/bench --batch``).

The same batches run as a salesperson, in one transaction, on two databases of the same
cluster: plain Odoo with only the module's dependencies, and a copy of it with the module
installed and its switches on (credit gate with an approved credit profile per customer,
legal review by amount, customer restriction, policy pipeline with its gates). For each
operation and N it prints both wall times, their ratio and both query counts, then how the
ratio moves from N to 10*N: a ratio that grows with N is a cost per record that grows with
the batch (quadratic Python), which a query count does not show. Plain and module runs
alternate, so that both see the same load of the machine. Everything is rolled back.

    python tools/sdp_batch_bench.py -c odoo.conf -d MODULE_DB [--plain PLAIN_DB]
        [--sizes 100,1000,10000] [--only TEXT,...] [--skip TEXT,...]
        [--profile TEXT:N [--callees FUNC,...] [--callers FUNC,...]]

Without ``--plain`` only the module's side runs (bin/test checks so that the batches still
run, at N=10). ``--profile TEXT:N`` runs the first operation whose name contains TEXT once at N
on the module's database under cProfile and prints the functions that take the most time (the
module's own by cumulative time) and the most repeated queries.
"""

import argparse
import contextlib
import cProfile
import io
import logging
import pstats
import sys
import time
from collections import Counter, namedtuple
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, Command, api, fields

Result = namedtuple("Result", "seconds queries")
Operation = namedtuple("Operation", "name setup policy_only")
OPERATIONS = []


def operation(name, policy_only=False):
    """Register a batch operation; ``policy_only``: one of the module's scheduled actions,
    which plain Odoo does not have (measured for its time per record from N to 10*N)."""

    def register(func):
        OPERATIONS.append(Operation(name, func, policy_only))
        return func

    return register


class Fixture:
    """A salesperson, a manager, a team and a product, and customers of the salesperson for
    each batch (one per record); on the module's database, the policy's switches on and an
    approved credit profile per customer."""

    def __init__(self, env):
        self.env = env
        self.policy = "sdp.credit.profile" in env
        company = env.company
        if self.policy:
            groups_sales = env.ref("sales_dev_policy.group_sdp_salesperson")
            groups_manager = env.ref("sales_dev_policy.group_sdp_manager")
        else:
            groups_sales = env.ref("sales_team.group_sale_salesman")
            groups_manager = env.ref("sales_team.group_sale_manager")
        users = env["res.users"].with_context(no_reset_password=True)
        self.user_sales, self.user_manager = (
            users.create(
                {
                    "name": f"Batch {role}",
                    "login": f"sdp_batch_{role}",
                    "email": f"sdp_batch_{role}@example.com",
                    "groups_id": [Command.set(group.ids)],
                }
            )
            for role, group in (("sales", groups_sales), ("manager", groups_manager))
        )
        team_vals = {
            "name": "Batch Team",
            "user_id": self.user_manager.id,
            "member_ids": [Command.link(self.user_sales.id)],
        }
        if self.policy:
            team_vals["sdp_use_policy_pipeline"] = True
        self.team = env["crm.team"].create(team_vals)
        self.product = env["product.product"].create(
            {"name": "Batch Service", "type": "service", "list_price": 100.0}
        )
        if self.policy:
            stage = {
                step: env.ref(f"sales_dev_policy.crm_stage_sdp_{step}")
                for step in ("prospect", "needs", "proposal")
            }
            self.stage_from, self.stage_to = stage["needs"], stage["proposal"]
            # The Proposal gate checks these four fields.
            self.gate_vals = dict.fromkeys(
                (
                    "sdp_proposal_products",
                    "sdp_proposal_pricing",
                    "sdp_proposal_delivery",
                    "sdp_proposal_after_sales",
                ),
                True,
            )
            company.write(
                {
                    "sdp_pipeline_no_skip": True,
                    "sdp_pipeline_back_reason": True,
                    "sdp_credit_order_gate": True,
                    "sdp_legal_on_amount": True,
                    "sdp_legal_amount_threshold": 1_000_000.0,
                    "sdp_restrict_customers": True,
                }
            )
        else:
            stages = env["crm.stage"].search([], order="sequence, id", limit=3)
            self.stage_from, self.stage_to = stages[1], stages[2]
            self.gate_vals = {}
        self.count = 0

    def new_customers(self, n):
        """``n`` companies of the salesperson (one per record of a batch), each with an
        approved credit profile on the module's database."""
        self.count += 1
        customers = self.env["res.partner"].create(
            [
                {
                    "name": f"Batch Customer {self.count}-{i}",
                    "is_company": True,
                    "user_id": self.user_sales.id,
                    "email": f"batch{self.count}-{i}@example.com",
                }
                for i in range(n)
            ]
        )
        if self.policy:
            self.env["sdp.credit.profile"].create(
                [
                    {
                        "partner_id": partner.id,
                        "state": "approved",
                        "rating": "b",
                        "credit_limit": 1e12,
                        "date_next_review": fields.Date.today() + timedelta(days=30),
                    }
                    for partner in customers
                ]
            )
        return customers

    def lead_vals(self, n, **vals):
        customers = self.new_customers(n)
        return [
            {
                "name": f"Batch Lead {self.count}-{i}",
                "type": "opportunity",
                "team_id": self.team.id,
                "user_id": self.user_sales.id,
                "partner_id": customers[i].id,
                "email_from": "lead@example.com",
                "expected_revenue": 1000.0,
                **vals,
            }
            for i in range(n)
        ]

    def leads_in_stage(self, n):
        """``n`` opportunities of the salesperson in the stage before the gated one (put there
        by a manager's override on the module's database, as the gates before it are not the
        subject)."""
        model = self.env["crm.lead"].with_user(self.user_manager)
        if self.policy:
            from odoo.addons.sales_dev_policy.models.sdp_permit import with_permit

            model = with_permit(model, "gate_override", reason="batch benchmark setup")
        vals = self.lead_vals(n, stage_id=self.stage_from.id, **self.gate_vals)
        return model.with_context(mail_create_nolog=True).create(vals).with_env(self.env)

    def order_vals(self, n):
        customers = self.new_customers(n)
        return [
            {
                "partner_id": customers[i].id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_uom_qty": 1})
                ],
            }
            for i in range(n)
        ]

    def quotations(self, n):
        orders = self.env["sale.order"].with_user(self.user_sales).create(self.order_vals(n))
        return orders.with_env(self.env)


@operation("leads: create N")
def op_create_leads(fx, n):
    vals = fx.lead_vals(n)
    model = fx.env["crm.lead"].with_user(fx.user_sales)
    return lambda: model.create(vals)


@operation("leads: create N, one call each")
def op_create_leads_loop(fx, n):
    vals = fx.lead_vals(n)
    model = fx.env["crm.lead"].with_user(fx.user_sales)

    def run():
        for one in vals:
            model.create(one)

    return run


@operation("leads: gated stage write of N")
def op_stage_write(fx, n):
    leads = fx.leads_in_stage(n).with_user(fx.user_sales)
    target = fx.stage_to

    def run():
        leads.write({"stage_id": target.id})
        assert leads.stage_id == target, "every lead passed the gate"

    return run


@operation("leads: kanban of N just created")
def op_kanban(fx, n):
    model = fx.env["crm.lead"].with_user(fx.user_sales)
    spec = kanban_specification(model)
    holder = {}

    def prepare():
        holder["leads"] = model.create(fx.lead_vals(n))

    def run():
        result = model.web_search_read([("id", "in", holder["leads"].ids)], spec, limit=n)
        assert result["length"] == n, "the salesperson sees every lead just created"

    run.prepare = prepare
    return run


@operation("quotations: create N")
def op_create_quotations(fx, n):
    vals = fx.order_vals(n)
    model = fx.env["sale.order"].with_user(fx.user_sales)
    return lambda: model.create(vals)


@operation("quotations: create N, one call each")
def op_create_quotations_loop(fx, n):
    vals = fx.order_vals(n)
    model = fx.env["sale.order"].with_user(fx.user_sales)

    def run():
        for one in vals:
            model.create(one)

    return run


@operation("quotations: confirm N")
def op_confirm(fx, n):
    orders = fx.quotations(n).with_user(fx.user_sales)

    def run():
        orders.action_confirm()
        assert set(orders.mapped("state")) == {"sale"}, "every quotation is confirmed"

    return run


@operation("quotations: confirm N, one call each")
def op_confirm_loop(fx, n):
    orders = fx.quotations(n).with_user(fx.user_sales)

    def run():
        for order in orders:
            order.action_confirm()
        assert set(orders.mapped("state")) == {"sale"}, "every quotation is confirmed"

    return run


def _last_month():
    return fields.Date.today().replace(day=1) - relativedelta(months=1)


def _confirmed_last_month(fx, n):
    """``n`` orders of the salesperson confirmed on the 10th of last month (one per new
    customer), as the monthly crons find them."""
    orders = fx.quotations(n)
    orders.action_confirm()
    fx.env.flush_all()  # the confirmation's own date first, then last month's
    when = datetime.combine(_last_month().replace(day=10), datetime.min.time())
    fx.env.cr.execute(
        "UPDATE sale_order SET date_order = %s WHERE id = ANY(%s)", [when, orders.ids]
    )
    fx.env.invalidate_all()
    return orders


@operation("cron: stage time limits, N leads", policy_only=True)
def op_cron_sla(fx, n):
    """P3: N leads over their step's time limit get their to-do (``_cron_sdp_stage_sla``)."""
    leads = fx.leads_in_stage(n)
    fx.stage_from.sdp_sla_days = 3
    fx.env.flush_all()
    old = fields.Datetime.now() - timedelta(days=10)
    fx.env.cr.execute(
        "UPDATE crm_lead SET date_last_stage_update = %s WHERE id = ANY(%s)", [old, leads.ids]
    )
    fx.env.invalidate_all()
    model = fx.env["crm.lead"]

    def run():
        model._cron_sdp_stage_sla(batch_size=n)
        assert all(leads.mapped("sdp_sla_overdue")), "every lead is flagged"

    return run


@operation("cron: credit reviews due, N profiles", policy_only=True)
def op_cron_credit_review(fx, n):
    """P6.3.2: N approved credit profiles past their review date move to review needed."""
    customers = fx.new_customers(n)
    profiles = fx.env["sdp.credit.profile"].search([("partner_id", "in", customers.ids)])
    past = fields.Date.today() - timedelta(days=1)
    fx.env.flush_all()
    fx.env.cr.execute(
        "UPDATE sdp_credit_profile SET date_next_review = %s WHERE id = ANY(%s)",
        [past, profiles.ids],
    )
    fx.env.invalidate_all()
    model = fx.env["sdp.credit.profile"]

    def run():
        model._cron_review_due(batch_size=n)
        assert set(profiles.mapped("state")) == {"review_needed"}, "every review is due"

    return run


@operation("cron: monthly commissions, N orders", policy_only=True)
def op_cron_commissions(fx, n):
    """P5.1.1: last month's commission sheet of a salesperson with N confirmed orders."""
    _confirmed_last_month(fx, n)
    fx.env["sdp.commission.plan"].create(
        {
            "name": "Batch plan",
            "company_id": fx.env.company.id,
            "rate_sales": 2.0,
            "user_ids": [Command.set(fx.user_sales.ids)],
        }
    )
    model = fx.env["sdp.commission.sheet"]

    def run():
        model._generate(_last_month(), fx.env.company)
        sheet = model.search([("user_id", "=", fx.user_sales.id)])
        assert sheet.line_ids.filtered(lambda line: line.amount), "the orders were counted"

    return run


@operation("cron: monthly appraisals, N orders", policy_only=True)
def op_cron_appraisals(fx, n):
    """P5.2, P5.3.1: last month's appraisals, the salesperson's measures over N orders."""
    _confirmed_last_month(fx, n)
    model = fx.env["sdp.appraisal"]

    def run():
        model._generate("month", _last_month(), companies=fx.env.company)
        appraisal = model.search([("user_id", "=", fx.user_sales.id)])
        assert appraisal.sales_amount == 100.0 * n, "every order was counted"

    return run


IMPORT_BATCH = 2000


def import_run(fx, model_name, header, rows):
    """Import ``rows`` as the web client does: one CSV file, ``execute_import`` called for each
    batch of IMPORT_BATCH rows (``skip``/``limit``), as the salesperson."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    wizard = (
        fx.env["base_import.import"]
        .with_user(fx.user_sales)
        .create({"res_model": model_name, "file": out.getvalue().encode(), "file_type": "text/csv"})
    )

    def run():
        for skip in range(0, len(rows), IMPORT_BATCH):
            options = {
                "quoting": '"',
                "separator": ",",
                "encoding": "utf-8",
                "has_headers": True,
                "skip": skip,
                "limit": IMPORT_BATCH,
            }
            result = wizard.execute_import(header, header, options)
            errors = [m for m in result["messages"] if m.get("type") == "error"]
            assert not errors, errors[:3]
            assert len(result["ids"]) == min(IMPORT_BATCH, len(rows) - skip), "every row imported"

    return run


@operation("leads: import N (2,000 rows a call)")
def op_import_leads(fx, n):
    rows = [
        [
            vals["name"],
            "opportunity",
            vals["team_id"],
            vals["user_id"],
            vals["partner_id"],
            vals["email_from"],
            vals["expected_revenue"],
        ]
        for vals in fx.lead_vals(n)
    ]
    header = [
        "name",
        "type",
        "team_id/.id",
        "user_id/.id",
        "partner_id/.id",
        "email_from",
        "expected_revenue",
    ]
    return import_run(fx, "crm.lead", header, rows)


@operation("quotations: import N (2,000 rows a call)")
def op_import_quotations(fx, n):
    rows = [[vals["partner_id"], fx.product.id, 1] for vals in fx.order_vals(n)]
    header = ["partner_id/.id", "order_line/product_id/.id", "order_line/product_uom_qty"]
    return import_run(fx, "sale.order", header, rows)


def kanban_specification(model):
    """The ``web_search_read`` specification of the default kanban view, as the web client
    builds it (fields of sub-views left out)."""
    from lxml import etree

    arch = etree.fromstring(model.get_views([(False, "kanban")])["views"]["kanban"]["arch"])
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


def measure(env, op, fx, n, profiler=None, capture=None):
    """Set up ``op`` at ``n`` in a savepoint, run it once (the salesperson's work and its
    flush), roll it back; the setup is not timed and the caches start empty, except for the
    kanban, which reads what the same transaction just created."""
    savepoint = env.cr.savepoint()
    try:
        run = op.setup(fx, n)
        env.flush_all()
        env.invalidate_all()
        if hasattr(run, "prepare"):
            run.prepare()
            env.flush_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        with capture or contextlib.nullcontext():
            run()
            env.flush_all()
        if profiler:
            profiler.disable()
            print(f"environments alive in the transaction: {len(env.transaction.envs)}")
        return Result(time.perf_counter() - start, env.cr.sql_log_count - queries)
    finally:
        savepoint.close(rollback=True)
        env.invalidate_all(flush=False)
        env.transaction.clear()


class QueryLog(logging.Handler):
    """Counts the queries by their text (odoo.sql_db logs them at DEBUG)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.counts = Counter()
        self.ms = Counter()

    def emit(self, record):
        message = record.getMessage()
        if "query:" in message:
            head, query = message.split("query:", 1)
            text = " ".join(query.split())[:150]
            self.counts[text] += 1
            with contextlib.suppress(ValueError):
                self.ms[text] += float(head.strip().strip("[]").split()[0])

    def __enter__(self):
        self.logger = logging.getLogger("odoo.sql_db")
        self.saved = (self.logger.level, self.logger.propagate)
        self.logger.addHandler(self)
        self.logger.setLevel(logging.DEBUG)
        self.logger.propagate = False

    def __exit__(self, *exc):
        self.logger.removeHandler(self)
        self.logger.setLevel(self.saved[0])
        self.logger.propagate = self.saved[1]


class Database:
    def __init__(self, name):
        self.name = name
        self.registry = odoo.modules.registry.Registry(name)
        self.cr = self.registry.cursor()
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})
        self.fixture = Fixture(self.env)
        self.env.flush_all()

    def close(self):
        self.cr.rollback()
        self.cr.close()


def report_growth(ops, sizes, ratios, per_record_ms):
    """How the cost moves from N to 10*N: the ratio to plain Odoo of each operation measured
    against it, and the time per record of the module's scheduled actions."""
    if ratios:
        print()
        print(
            "How the ratio moves from N to 10*N "
            "(x1.00: the module's extra cost per record is flat):"
        )
        for op in ops:
            for n in sizes:
                if (op.name, n * 10) in ratios:
                    growth = ratios[op.name, n * 10] / ratios[op.name, n]
                    print(
                        f"  {op.name:<36} {n:>5} -> {n * 10:<6} "
                        f"{ratios[op.name, n]:.1f}x -> {ratios[op.name, n * 10]:.1f}x "
                        f"(x{growth:.2f})"
                    )
    crons = [op for op in ops if op.policy_only]
    if crons:
        print()
        print("The module's scheduled actions, time per record from N to 10*N (x1.00: flat):")
        for op in crons:
            for n in sizes:
                if (op.name, n * 10) in per_record_ms:
                    before, after = per_record_ms[op.name, n], per_record_ms[op.name, n * 10]
                    print(
                        f"  {op.name:<36} {n:>5} -> {n * 10:<6} "
                        f"{before:.2f} -> {after:.2f} ms/record (x{after / before:.2f})"
                    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True, help="the module's database")
    parser.add_argument(
        "--plain", default="", help="the plain Odoo database (without it: the module's side only)"
    )
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument(
        "--only", default="", help="run only operations whose name contains one of TEXT,TEXT"
    )
    parser.add_argument(
        "--skip", default="", help="leave out operations whose name contains one of TEXT,TEXT"
    )
    parser.add_argument("--profile", default="", help="TEXT:N, profile one operation at N")
    parser.add_argument("--callees", default="", help="with --profile: FUNC,... to detail")
    parser.add_argument(
        "--callers", default="", help="with --profile: FUNC,... whose callers to list"
    )
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")})

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level", "warn"])
    odoo.netsvc.init_logger()
    only, skip = args.only.split(","), list(filter(None, args.skip.split(",")))
    ops = [
        op
        for op in OPERATIONS
        if any(text in op.name for text in only) and not any(text in op.name for text in skip)
    ]
    if not ops:
        print(f"no operation's name contains {args.only!r}", file=sys.stderr)
        return 2

    module = Database(args.database)
    if not module.fixture.policy:
        print(f"{args.database} does not have sales_dev_policy installed", file=sys.stderr)
        return 2

    if args.profile:
        text, _sep, n = args.profile.rpartition(":")
        op = next(op for op in OPERATIONS if text in op.name)
        measure(module.env, op, module.fixture, min(10, int(n)))
        profiler = cProfile.Profile()
        queries = QueryLog()
        result = measure(module.env, op, module.fixture, int(n), profiler, queries)
        print(f"{op.name} N={n}: {result.seconds:.2f} s, {result.queries} queries")
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(25)
        # The module's own functions, by time including what they call.
        stats.sort_stats("cumulative").print_stats("sales_dev_policy", 40)
        for name in filter(None, args.callees.split(",")):
            stats.print_callees(name)
        for name in filter(None, args.callers.split(",")):
            stats.print_callers(name)
        print(out.getvalue())
        print("Queries taking the most time (count, ms):")
        for text, ms in queries.ms.most_common(25):
            print(f"  {queries.counts[text]:>6} x {ms:>9.1f} ms {text}")
        module.close()
        return 0

    # Without --plain (bin/test's quick check at a small N): the module's side only.
    plain = Database(args.plain) if args.plain else None
    header = (
        f"{'operation':<36} {'N':>6} {'plain s':>8} {'module s':>9} {'ratio':>6} "
        f"{'plain q':>8} {'module q':>9} {'module ms/rec':>14}"
    )
    print(header)
    print("-" * len(header))
    ratios = {}
    per_record_ms = {}
    for op in ops:
        # Warm-up: registry caches (views, ormcache) are filled once per process.
        for db in filter(None, (None if op.policy_only else plain, module)):
            measure(db.env, op, db.fixture, min(10, sizes[0]))
        for n in sizes:
            base = (
                measure(plain.env, op, plain.fixture, n) if plain and not op.policy_only else None
            )
            policy = measure(module.env, op, module.fixture, n)
            per_record = f"{1000 * policy.seconds / n:>14.2f}"
            per_record_ms[op.name, n] = 1000 * policy.seconds / n
            if not base:
                print(
                    f"{op.name:<36} {n:>6} {'':>8} {policy.seconds:>9.2f} {'':>6} {'':>8} "
                    f"{policy.queries:>9} {per_record}",
                    flush=True,
                )
                continue
            ratio = policy.seconds / base.seconds
            ratios[op.name, n] = ratio
            print(
                f"{op.name:<36} {n:>6} {base.seconds:>8.2f} {policy.seconds:>9.2f} "
                f"{ratio:>5.1f}x {base.queries:>8} {policy.queries:>9} {per_record}",
                flush=True,
            )
    report_growth(ops, sizes, ratios, per_record_ms)
    if plain:
        plain.close()
    module.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
