"""Drive two Odoo servers sharing one database with parallel users and both servers' crons, then
check the invariants of the policy: PASS/FAIL per invariant, exit code 1 when one fails.

Run by ``bin/two-servers``, which installs the module in a scratch database, starts the two
prefork servers (HTTP workers and cron workers) and passes their URLs and log files here. Every
operation goes through XML-RPC as the user who does it in real life (salespeople, the sales
manager, the legal reviewer, the credit officer, the administrator for the scheduled actions),
each pair of conflicting operations at the same moment on the two servers; the checks read the
database with SQL.

Shared by every feature (a production check, not part of the module).
"""

import argparse
import re
import sys
import threading
import time
import urllib.request
import xmlrpc.client
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import psycopg2
from dateutil.relativedelta import relativedelta

PREFIX = "TS "  # names of what the scenario creates, to tell it from demo data
THRESHOLD = 5000.0  # legal review above this amount


class Client:
    """One user on one server. A new proxy per call: ServerProxy is not thread-safe."""

    def __init__(self, url, db, login, password=None):
        self.url, self.db, self.login = url, db, login
        self.password = password or login
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", allow_none=True)
        self.uid = common.authenticate(db, login, self.password, {})
        if not self.uid:
            raise SystemExit(f"cannot log in as {login} on {url}")

    def __call__(self, model, method, *args, **kwargs):
        proxy = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)
        return proxy.execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)

    def __repr__(self):
        return f"{self.login}@{self.url.rsplit(':', 1)[-1]}"


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = defaultdict(int)
        self.refused = defaultdict(int)
        self.errors = defaultdict(list)
        self.refusals = defaultdict(set)

    def run(self, what, func, *args, **kwargs):
        """Call and count: a refusal (UserError, AccessError, ValidationError) is a normal
        outcome of a race; anything else is kept to print."""
        try:
            result = func(*args, **kwargs)
        except xmlrpc.client.Fault as fault:
            # Odoo's XML-RPC: 2 a UserError or ValidationError, 3 and 4 access refused, 1 any
            # other exception (a failure of the server, not a refusal).
            with self.lock:
                if fault.faultCode in (2, 3, 4):
                    self.refused[what] += 1
                    self.refusals[what].add(fault.faultString.strip().splitlines()[-1][:200])
                else:
                    self.errors[what].append(fault.faultString.strip().splitlines()[-1][:300])
            return None
        with self.lock:
            self.ok[what] += 1
        return result


def at_once(*calls):
    """Run the calls at the same moment (a barrier before each), return their results."""
    barrier = threading.Barrier(len(calls))

    def go(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(go, calls))


def wait_up(urls, timeout=180):
    """Wait until every server answers its login page."""
    deadline = time.time() + timeout
    for url in urls:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/web/login", timeout=10) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                raise SystemExit(f"{url} did not start in {timeout} s")
            time.sleep(1)


class Scenario:
    def __init__(self, args):
        self.args = args
        wait_up(args.url)
        self.stats = Stats()
        self.cn = psycopg2.connect(
            dbname=args.db, host=args.pg_host, port=args.pg_port, user="odoo"
        )
        self.cn.autocommit = True
        urls = args.url
        self.users = {}
        for login, password in (
            ("admin", "admin"),
            ("sdp.manager", None),
            ("sdp.anna", None),
            ("sdp.bo", None),
            ("sdp.credit", None),
            ("sdp.legal", None),
        ):
            self.users[login] = [Client(url, args.db, login, password) for url in urls]
        self.moves = defaultdict(list)  # lead id -> successful stage writes
        self.start_stage = {}

    def sql(self, query, params=None):
        with self.cn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else None

    def u(self, login, server):
        return self.users[login][server % 2]

    # ------------------------------------------------------------------ setup
    def setup(self):
        admin = self.u("admin", 0)
        company_id = admin("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
        self.company_id = company_id
        admin(
            "res.company",
            "write",
            [company_id],
            {
                "sdp_credit_order_gate": True,
                "sdp_legal_on_amount": True,
                "sdp_legal_amount_threshold": THRESHOLD,
            },
        )
        self.product_id = admin(
            "product.product",
            "create",
            {
                "name": PREFIX + "Service",
                "type": "service",
                "list_price": 100.0,
                "invoice_policy": "order",
                "taxes_id": [(5, 0, 0)],
            },
        )
        self.customers = {}
        for login in ("sdp.anna", "sdp.bo"):
            uid = self.u(login, 0).uid
            self.customers[login] = [
                admin(
                    "res.partner",
                    "create",
                    {
                        "name": f"{PREFIX}{login} customer {i}",
                        "is_company": True,
                        "user_id": uid,
                        "email": f"c{i}.{login}@example.com",
                    },
                )
                for i in range(2)
            ]
        # Months the appraisal and commission crons have not generated yet: they and the
        # manager's wizards then create the same records at the same time.
        back = date.today().replace(day=1) - relativedelta(months=5)
        self.sql(
            "UPDATE res_company SET sdp_appraisal_last_month = %s, sdp_commission_last_month = %s",
            (back, back),
        )
        stages = admin(
            "crm.stage", "search_read", [], fields=["id", "sequence", "name"], order="sequence, id"
        )
        self.stage_ids = [s["id"] for s in stages]

    # --------------------------------------------------------------- scenario
    def order_create(self, login, server, partner_id, amount):
        return self.stats.run(
            "create quotation",
            self.u(login, server),
            "sale.order",
            "create",
            {
                "partner_id": partner_id,
                "order_line": [
                    (
                        0,
                        0,
                        {"product_id": self.product_id, "product_uom_qty": 1, "price_unit": amount},
                    )
                ],
            },
        )

    def orders_round(self, n):
        """Quotations by both salespeople on both servers at once; then each order confirmed twice
        at once (refused: credit, legal), submitted to Legal, decided twice at once (approve on one
        server, reject on the other), released twice at once by the credit officer, and confirmed
        twice at once."""
        calls = []
        for login in ("sdp.anna", "sdp.bo"):
            for server in (0, 1):
                for partner_id, amount in zip(
                    self.customers[login], (1000.0 + n, THRESHOLD * 2 + n), strict=False
                ):
                    calls.append(
                        lambda lo=login, s=server, p=partner_id, a=amount: (
                            lo,
                            self.order_create(lo, s, p, a),
                            a,
                        )
                    )
        created = [(lo, oid, a) for lo, oid, a in at_once(*calls) if oid]
        self.orders = getattr(self, "orders", []) + [oid for _lo, oid, _a in created]

        def both(what, login, method, oid, *args):
            return at_once(
                *(
                    lambda s=s: self.stats.run(
                        what, self.u(login, s), "sale.order", method, [oid], *args
                    )
                    for s in (0, 1)
                )
            )

        with ThreadPoolExecutor(4) as pool:
            list(
                pool.map(
                    lambda c: both("confirm before approvals", c[0], "action_confirm", c[1]),
                    created,
                )
            )
        large = [c for c in created if c[2] >= THRESHOLD]
        with ThreadPoolExecutor(4) as pool:
            list(
                pool.map(
                    lambda c: both("submit to legal", c[0], "action_sdp_legal_submit", c[1]), large
                )
            )

        def decide(oid):
            def one(server, decision):
                legal = self.u("sdp.legal", server)
                values = {
                    "order_id": oid,
                    "decision": decision,
                    "comments": f"{decision} from server {server + 1}",
                    **{
                        f"check_{k}": True
                        for k in (
                            "rights_obligations",
                            "specifications",
                            "price",
                            "delivery_time",
                            "quality_standards",
                            "breach_liability",
                        )
                    },
                }
                wizard = self.stats.run(
                    "legal decision wizard", legal, "sdp.legal.decision", "create", values
                )
                return wizard

            wizards = [one(0, "approve"), one(1, "reject" if oid % 2 else "approve")]
            at_once(
                *(
                    lambda s=s, w=w: w
                    and self.stats.run(
                        "legal decision",
                        self.u("sdp.legal", s),
                        "sdp.legal.decision",
                        "action_apply",
                        [w],
                    )
                    for s, w in enumerate(wizards)
                )
            )

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda c: decide(c[1]), large))

        def release(oid):
            wizards = [
                self.stats.run(
                    "credit release wizard",
                    self.u("sdp.credit", s),
                    "sale.order.credit.release",
                    "create",
                    {"order_id": oid, "reason": f"Guarantee seen (server {s + 1})"},
                )
                for s in (0, 1)
            ]
            at_once(
                *(
                    lambda s=s, w=w: w
                    and self.stats.run(
                        "credit release",
                        self.u("sdp.credit", s),
                        "sale.order.credit.release",
                        "action_release",
                        [w],
                    )
                    for s, w in enumerate(wizards)
                )
            )

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda c: release(c[1]), created))
        with ThreadPoolExecutor(4) as pool:
            list(
                pool.map(
                    lambda c: both("confirm after approvals", c[0], "action_confirm", c[1]), created
                )
            )

    def leads_round(self, n):
        """Each lead of the two salespeople moved to the next stage from both servers at once by
        its salesperson, while the manager moves it to the stage after that and changes its
        priority, and the salesperson changes its expected revenue (no lost update)."""
        admin = self.u("admin", 0)
        leads = admin(
            "crm.lead",
            "search_read",
            [
                ("user_id.login", "in", ["sdp.anna", "sdp.bo"]),
                ("type", "=", "opportunity"),
                ("active", "=", True),
            ],
            fields=["id", "stage_id", "user_id"],
        )
        logins = {self.u(lo, 0).uid: lo for lo in ("sdp.anna", "sdp.bo")}
        self.lost_update = getattr(self, "lost_update", {})

        def move(lead):
            sid = lead["stage_id"][0]
            self.start_stage.setdefault(lead["id"], sid)
            pos = self.stage_ids.index(sid) if sid in self.stage_ids else 0
            nxt = self.stage_ids[min(pos + 1, len(self.stage_ids) - 1)]
            after = self.stage_ids[min(pos + 2, len(self.stage_ids) - 1)]
            login = logins[lead["user_id"][0]]
            revenue = 1000.0 * (n + 1) + lead["id"]
            priority = str((n + lead["id"]) % 3 + 1)

            def write(who, server, vals, what):
                ok = self.stats.run(
                    what, self.u(who, server), "crm.lead", "write", [lead["id"]], vals
                )
                if ok and "stage_id" in vals:
                    with self.stats.lock:
                        self.moves[lead["id"]].append(vals["stage_id"])
                return ok

            results = at_once(
                lambda: write(login, 0, {"stage_id": nxt}, "stage move"),
                lambda: write(login, 1, {"stage_id": nxt}, "stage move"),
                lambda: write("sdp.manager", 1, {"stage_id": after}, "stage move"),
                lambda: write("sdp.manager", 0, {"priority": priority}, "lead field"),
                lambda: write(login, 1, {"expected_revenue": revenue}, "lead field"),
            )
            self.lost_update[lead["id"]] = (
                priority if results[3] else None,
                revenue if results[4] else None,
            )

        with ThreadPoolExecutor(3) as pool:
            list(pool.map(move, leads))

    def crons_round(self):
        """The commission and appraisal crons started by hand on both servers at once, the
        manager's wizards doing the same work at the same moment, and every scheduled action of
        the module made due and the cron workers of both servers woken."""
        admin = [self.u("admin", s) for s in (0, 1)]
        manager = [self.u("sdp.manager", s) for s in (0, 1)]
        crons = self.sql(
            """SELECT res_id FROM ir_model_data
                WHERE module = 'sales_dev_policy' AND model = 'ir.cron'"""
        )
        cron_ids = [r[0] for r in crons]
        named = dict(
            self.sql(
                """SELECT name, res_id FROM ir_model_data
                    WHERE module = 'sales_dev_policy' AND name IN (
                          'ir_cron_sdp_monthly_commissions', 'sdp_appraisal_cron_generate')"""
            )
        )
        month = date.today().replace(day=1) - relativedelta(months=2)
        commission_wizards = [
            self.stats.run(
                "commission wizard",
                manager[s],
                "sdp.commission.compute",
                "create",
                {"date_month": month.isoformat(), "company_ids": [(6, 0, [self.company_id])]},
            )
            for s in (0, 1)
        ]
        appraisal_wizards = [
            self.stats.run(
                "appraisal wizard",
                manager[s],
                "sdp.appraisal.generate",
                "create",
                {"period_type": "month", "date": month.isoformat(), "company_id": self.company_id},
            )
            for s in (0, 1)
        ]
        calls = []
        for s in (0, 1):
            for xmlid in ("ir_cron_sdp_monthly_commissions", "sdp_appraisal_cron_generate"):
                calls.append(
                    lambda s=s, cid=named[xmlid]: self.stats.run(
                        "cron started by hand", admin[s], "ir.cron", "method_direct_trigger", [cid]
                    )
                )
            if commission_wizards[s]:
                calls.append(
                    lambda s=s: self.stats.run(
                        "manager's wizard",
                        manager[s],
                        "sdp.commission.compute",
                        "action_compute",
                        [commission_wizards[s]],
                    )
                )
            if appraisal_wizards[s]:
                calls.append(
                    lambda s=s: self.stats.run(
                        "manager's wizard",
                        manager[s],
                        "sdp.appraisal.generate",
                        "action_generate",
                        [appraisal_wizards[s]],
                    )
                )
        at_once(*calls)
        # Every cron of the module due now; both servers' cron workers are woken (Odoo's own
        # notification) and race for them.
        self.sql(
            "UPDATE ir_cron SET nextcall = now() at time zone 'UTC' WHERE id = ANY(%s)", (cron_ids,)
        )
        self.sql("SELECT pg_notify('cron_trigger', %s)", (self.args.db,))
        deadline = time.time() + 150
        while time.time() < deadline:
            due = self.sql(
                """SELECT count(*) FROM ir_cron WHERE id = ANY(%s) AND active
                      AND nextcall <= now() at time zone 'UTC'""",
                (cron_ids,),
            )[0][0]
            if not due:
                break
            time.sleep(2)
        self.crons_left_due = due
        self.cron_ids = cron_ids

    # ------------------------------------------------------------- invariants
    def check(self):
        results = []

        def inv(name, problems):
            results.append((name, problems))

        for part in (
            self._check_generations,
            self._check_orders,
            self._check_moves,
            self._check_records,
            self._check_crons,
            self._check_logs,
        ):
            part(inv)
        return results

    def _check_generations(self, inv):
        dup = self.sql(
            """SELECT user_id, company_id, date_from, count(*) FROM sdp_commission_sheet
                GROUP BY 1, 2, 3 HAVING count(*) > 1"""
        )
        made = self.sql(
            "SELECT count(*) FROM sdp_commission_sheet WHERE create_date > %s", (self.t0,)
        )[0][0]
        inv(f"one commission sheet per salesperson, company and month ({made} made)", dup)
        dup = self.sql(
            """SELECT user_id, company_id, period_type, date_from, count(*) FROM sdp_appraisal
                GROUP BY 1, 2, 3, 4 HAVING count(*) > 1"""
        )
        made = self.sql("SELECT count(*) FROM sdp_appraisal WHERE create_date > %s", (self.t0,))[0][
            0
        ]
        inv(f"one appraisal per salesperson and period ({made} made)", dup)

    def _check_orders(self, inv):
        orders = self.sql(
            """SELECT o.id, o.name, o.amount_total, o.sdp_legal_state, o.sdp_credit_released
                 FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
                WHERE p.name LIKE %s AND o.state = 'sale'""",
            (PREFIX + "%",),
        )
        bad = [o for o in orders if (o[2] >= THRESHOLD and o[3] != "approved") or not o[4]]
        inv(
            "no order confirmed without its legal approval and credit release "
            f"({len(orders)} confirmed)",
            bad,
        )

    def _check_moves(self, inv):
        bad = []
        for (lead_id,) in self.sql(
            "SELECT DISTINCT lead_id FROM sdp_stage_transition WHERE date > %s", (self.t0,)
        ):
            rows = self.sql(
                """SELECT stage_from_id, stage_to_id FROM sdp_stage_transition
                    WHERE lead_id = %s AND date > %s ORDER BY date, id""",
                (lead_id, self.t0),
            )
            current = self.sql("SELECT stage_id FROM crm_lead WHERE id = %s", (lead_id,))[0][0]
            chain = [self.start_stage.get(lead_id, rows[0][0])]
            for frm, to in rows:
                if frm != chain[-1] or frm == to:
                    bad.append((lead_id, "transition", frm, to, "after", chain[-1]))
                chain.append(to)
            if chain[-1] != current:
                bad.append((lead_id, "ends on", chain[-1], "lead is in", current))
        moved = {lead for lead, stages in self.moves.items() if stages}
        for lead_id in moved:
            current = self.sql("SELECT stage_id FROM crm_lead WHERE id = %s", (lead_id,))[0][0]
            count = self.sql(
                "SELECT count(*) FROM sdp_stage_transition WHERE lead_id = %s AND date > %s",
                (lead_id, self.t0),
            )[0][0]
            if current != self.start_stage.get(lead_id) and not count:
                bad.append((lead_id, "moved without an audit record"))
        n_moves = self.sql("SELECT count(*) FROM sdp_stage_transition WHERE date > %s", (self.t0,))[
            0
        ][0]
        inv(f"one audit record per stage move, in order ({n_moves} moves)", bad)

    def _check_records(self, inv):
        dup = self.sql(
            """SELECT r.order_id, count(*) FROM sdp_credit_release r
                 JOIN sale_order o ON o.id = r.order_id JOIN res_partner p ON p.id = o.partner_id
                WHERE p.name LIKE %s GROUP BY 1 HAVING count(*) > 1""",
            (PREFIX + "%",),
        )
        n = self.sql("SELECT count(*) FROM sdp_credit_release WHERE create_date > %s", (self.t0,))[
            0
        ][0]
        inv(f"no double credit release ({n} releases)", dup)

        dup = self.sql("SELECT name, count(*) FROM sale_order GROUP BY 1 HAVING count(*) > 1")
        dup += self.sql(
            """SELECT order_id, count(*) FILTER (WHERE decision IS NULL OR decision = 'pending')
                 FROM sdp_legal_review GROUP BY 1
               HAVING count(*) FILTER (WHERE decision IS NULL OR decision = 'pending') > 1"""
        )
        n = len(self.orders)
        inv(f"sequences unique, one open legal round per order ({n} orders made)", dup)

        bad = []
        for lead_id, (priority, revenue) in self.lost_update.items():
            row = self.sql(
                "SELECT priority, expected_revenue FROM crm_lead WHERE id = %s", (lead_id,)
            )[0]
            if priority is not None and row[0] != priority:
                bad.append((lead_id, "priority", row[0], "expected", priority))
            if revenue is not None and float(row[1] or 0) != revenue:
                bad.append((lead_id, "expected_revenue", row[1], "expected", revenue))
        inv(
            f"no lost update on leads written at once by two users ({len(self.lost_update)} leads)",
            bad,
        )

        # Decided reviews: each order's state follows its last decided round.
        bad = self.sql(
            """SELECT o.id, o.name, o.sdp_legal_state, r.decision FROM sale_order o
                 JOIN LATERAL (SELECT decision FROM sdp_legal_review WHERE order_id = o.id
                                ORDER BY id DESC LIMIT 1) r ON TRUE
                 JOIN res_partner p ON p.id = o.partner_id
                WHERE p.name LIKE %s AND r.decision IN ('approved', 'rejected')
                  AND o.sdp_legal_state <> r.decision""",
            (PREFIX + "%",),
        )
        inv("each order's legal state is its last decision (one decision wins)", bad)

    def _check_crons(self, inv):
        intervals, unfinished = self.cron_intervals()
        bad = []
        for cron, spans in intervals.items():
            spans.sort()
            for (s1, e1, w1), (s2, e2, w2) in zip(spans, spans[1:], strict=False):
                if s2 < e1:
                    bad.append((cron, w1, str(s1), str(e1), w2, str(s2), str(e2)))
        bad += [("never finished", u) for u in unfinished]
        runs = sum(len(v) for v in intervals.values())
        servers = {w.split(":")[0] for spans in intervals.values() for _s, _e, w in spans}
        inv(
            f"no cron runs twice at once ({runs} runs on {len(servers)} servers, "
            f"{self.crons_left_due} still due)",
            bad,
        )

    def _check_logs(self, inv):
        errors, retried = [], 0
        for n, log in enumerate(self.args.log, 1):
            with open(log, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
            for i, line in enumerate(lines):
                if not re.match(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", line):
                    continue
                # Odoo logs every failed query at ERROR, also the serialization failures it
                # then retries with a fresh snapshot (the mechanism the module relies on).
                detail = next((x for x in lines[i + 1 : i + 40] if x.startswith("ERROR: ")), "")
                if "bad query" in line and "could not serialize access" in detail:
                    retried += 1
                    continue
                errors.append(f"server {n}: {line.strip()[:160]} {detail[:120]}")
        inv(f"no ERROR in either server's log ({retried} serialization failures retried)", errors)

    def cron_intervals(self):
        """(start, end, worker) of every cron run, from both logs: a worker is server:pid."""
        pattern = re.compile(
            r"^(\S+ \S+) (\d+) INFO \S+ odoo\.addons\.base\.models\.ir_cron: Job '(.*)' \((\d+)\) "
            r"(starting|started manually|done|done in|completed)"
        )
        intervals = defaultdict(list)
        unfinished = []
        for n, log in enumerate(self.args.log, 1):
            open_runs = {}
            with open(log, encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    m = pattern.match(line)
                    failed = re.match(r"^(\S+ \S+) (\d+) (ERROR|WARNING) ", line)
                    if failed and not m:
                        # A run that failed (its transaction rolled back) ends at its error.
                        stamp, pid = failed.group(1), failed.group(2)
                        when = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f")
                        for key in [k for k in open_runs if k[0] == pid]:
                            intervals[key[1]].append((open_runs.pop(key), when, f"server{n}:{pid}"))
                        continue
                    if not m:
                        continue
                    stamp, pid, _name, cron, what = m.groups()
                    if int(cron) not in self.cron_ids:
                        continue
                    when = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f")
                    key = (pid, cron)
                    if what.startswith("start"):
                        open_runs[key] = when
                    elif what.startswith("done") and key in open_runs:
                        intervals[cron].append((open_runs.pop(key), when, f"server{n}:{pid}"))
            unfinished += [f"server{n}:{pid} cron {cron}" for (pid, cron) in open_runs]
        return intervals, unfinished

    def main(self):
        self.setup()
        self.t0 = self.sql("SELECT now() at time zone 'UTC'")[0][0]
        for n in range(self.args.rounds):
            started = time.time()
            self.orders_round(n)
            self.leads_round(n)
            print(f"round {n + 1}: {time.time() - started:.1f} s", flush=True)
        started = time.time()
        self.crons_round()
        print(f"crons: {time.time() - started:.1f} s", flush=True)
        print("\noperations (succeeded / refused / failed):")
        for what in sorted(set(self.stats.ok) | set(self.stats.refused) | set(self.stats.errors)):
            print(
                f"  {what:28} {self.stats.ok[what]:4} / {self.stats.refused[what]:4} / "
                f"{len(self.stats.errors[what]):4}"
            )
            for text in sorted(set(self.stats.errors[what]))[:3]:
                print(f"      failed: {text}")
            for text in sorted(self.stats.refusals[what])[:2]:
                print(f"      refused: {text}")
        print("\ninvariants:")
        failed = 0
        for name, problems in self.check():
            print(f"  {'PASS' if not problems else 'FAIL'}  {name}")
            for problem in problems[:5]:
                print(f"        {problem}")
            failed += bool(problems)
        unexpected = sum(len(v) for v in self.stats.errors.values())
        if unexpected:
            print(f"  FAIL  {unexpected} operations failed with an unexpected error (above)")
            failed += 1
        print(f"\n{'PASS' if not failed else 'FAIL'}: {failed} invariant(s) failed")
        return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--url", action="append", required=True, help="each server's URL (two)")
    parser.add_argument("--log", action="append", required=True, help="each server's log file")
    parser.add_argument("--pg-host", required=True)
    parser.add_argument("--pg-port", required=True, type=int)
    parser.add_argument("--rounds", type=int, default=3)
    return Scenario(parser.parse_args()).main()


if __name__ == "__main__":
    sys.exit(main())
