"""Data generator: a database at a real company's volumes (run by bin/bench --scale).

Builds, in a database where the module is installed, at ``--scale`` times the default volumes:
200 salespeople in 20 teams (each team on the policy pipeline, led by a team leader), 50,000
customers, 100,000 leads over the policy steps, 50,000 orders (legal review for the large ones),
50,000 invoices, 5,000 credit profiles, a year of stage transitions, sales targets, commission
sheets and appraisals of the last three months.

    python tools/sdp_generate.py -c odoo.conf -d DB [--scale 0.1] [--batch 1000] [--seed 1]

Records are made through the module's own flows wherever the policy makes its own records:
leads are created in their policy stage by a manager's gate override (the transition log),
won leads are won with ``action_set_won`` (kickoff meetings, follow-up milestones), lost ones
with ``action_set_lost``, large orders are submitted to Legal and approved by a legal reviewer
before they are confirmed (legal review rounds), credit profiles come from assessments
performed by one credit officer and approved by another, commission sheets and appraisals
from the crons' ``_generate``. Creates are batched (``--batch`` records, one commit each) with
tracking and creation messages off where tracking is not what is measured.

Bulk SQL is used for history only, because the flows can only write "now": the dates of
leads, orders and invoices are spread over the last year, and each lead gets the earlier
transitions of its path (one per step from the first policy step to its own, dated along
that year), as a year of real moves would have left them. Nothing else is written in SQL.

The database records its scale in the system parameter ``sdp_generate.scale``; a database
that has it is not generated again (bin/bench --scale reuses it).
Shared by all features.
"""

import argparse
import logging
import random
import sys
import time
from datetime import timedelta

from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, Command, api, fields

_logger = logging.getLogger("sdp_generate")

DEFAULTS = {
    "salespeople": 200,
    "teams": 20,
    "customers": 50_000,
    "leads": 100_000,
    "orders": 50_000,
    "invoices": 50_000,
    "profiles": 5_000,
}
# Share of leads per final policy step (the rest of a year's pipeline), and lost leads.
STEP_SHARES = [
    ("prospect", 0.30),
    ("contact", 0.18),
    ("needs", 0.14),
    ("proposal", 0.10),
    ("negotiation", 0.08),
    ("contract", 0.05),
    ("won", 0.07),
    ("lost", 0.08),
]
STEPS = ["prospect", "contact", "needs", "proposal", "negotiation", "contract", "won"]
LEGAL_THRESHOLD = 50_000.0
PARAM = "sdp_generate.scale"


def log(message, *args):
    print(f"[{time.strftime('%H:%M:%S')}] " + (message % args if args else message), flush=True)


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Generator:
    def __init__(self, env, scale, batch, seed):
        self.env = env
        self.cr = env.cr
        self.batch = batch
        self.rng = random.Random(seed)
        # The sales force stays at its size whatever the scale: a smaller run has fewer
        # records per salesperson, not fewer salespeople (the crons are measured for 200).
        self.counts = {
            key: value if key in ("salespeople", "teams") else max(1, round(value * scale))
            for key, value in DEFAULTS.items()
        }
        self.company = env.company
        self.today = fields.Date.context_today(env["res.partner"])
        self.quiet = {
            "tracking_disable": True,
            "mail_notrack": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
            "no_reset_password": True,
            # Activities the flows plan are created without an "assigned to you" e-mail each.
            "mail_activity_quick_update": True,
        }
        self.stage = {step: env.ref(f"sales_dev_policy.crm_stage_sdp_{step}") for step in STEPS}

    def commit(self):
        self.env.flush_all()
        self.cr.commit()
        self.env.invalidate_all()

    def days_ago(self, low=0, high=365):
        return self.rng.randint(low, high)

    # ------------------------------------------------------------------ people
    def users(self):
        env = self.env
        users = env["res.users"].with_context(**self.quiet)
        group = env.ref

        def make(prefix, count, groups):
            return users.create(
                [
                    {
                        "name": f"{prefix.title()} {i:04d}",
                        "login": f"scale_{prefix}_{i:04d}",
                        "email": f"scale_{prefix}_{i:04d}@example.com",
                        "tz": "Asia/Taipei",
                        "groups_id": [Command.set([group(g).id for g in groups])],
                    }
                    for i in range(count)
                ]
            )

        self.manager = make("manager", 1, ["sales_dev_policy.group_sdp_manager"])
        self.leaders = make(
            "leader", self.counts["teams"], ["sales_dev_policy.group_sdp_team_leader"]
        )
        self.salespeople = make(
            "sales", self.counts["salespeople"], ["sales_dev_policy.group_sdp_salesperson"]
        )
        self.officers = make(
            "credit", 2, ["sales_dev_policy.group_sdp_credit_officer", "base.group_user"]
        )
        self.lawyer = make(
            "legal", 1, ["sales_dev_policy.group_sdp_legal_reviewer", "base.group_user"]
        )
        per_team = list(chunks(self.salespeople, -(-len(self.salespeople) // len(self.leaders))))
        self.teams = (
            env["crm.team"]
            .with_context(**self.quiet)
            .create(
                [
                    {
                        "name": f"Scale Team {i:02d}",
                        "user_id": leader.id,
                        "sdp_use_policy_pipeline": True,
                        "member_ids": [Command.set(members.ids)],
                    }
                    for i, (leader, members) in enumerate(zip(self.leaders, per_team, strict=False))
                ]
            )
        )
        self.team_of = {user.id: team for team in self.teams for user in team.member_ids}
        self.company.write(
            {
                "sdp_pipeline_no_skip": True,
                "sdp_pipeline_back_reason": True,
                "sdp_legal_on_amount": True,
                "sdp_legal_amount_threshold": LEGAL_THRESHOLD,
                "sdp_legal_reviewer_id": self.lawyer.id,
                "sdp_review_interval_days": 180,
                "sdp_credit_overdue_days": 30,
            }
        )
        for step, days in (("prospect", 14), ("contact", 14), ("needs", 21), ("proposal", 21)):
            self.stage[step].write({"sdp_sla_days": days, "sdp_sla_escalation_days": days * 2})
        self.products = env["product.product"].create(
            [
                {
                    "name": f"Scale Service {i}",
                    "type": "service",
                    "list_price": price,
                    "standard_price": price * 0.6,
                    "invoice_policy": "order",
                }
                for i, price in enumerate((120.0, 450.0, 900.0, 2400.0, 8000.0))
            ]
        )
        self.commit()
        log("users: %s salespeople in %s teams", len(self.salespeople), len(self.teams))

    # ------------------------------------------------------------------ customers
    def customers(self):
        partners = self.env["res.partner"].with_context(**self.quiet)
        total = self.counts["customers"]
        ids = []
        country = self.env.ref("base.tw")
        for start in range(0, total, self.batch):
            vals_list = []
            for i in range(start, min(start + self.batch, total)):
                user = self.salespeople[i % len(self.salespeople)]
                reviewed = self.today - timedelta(days=self.days_ago(0, 400))
                vals_list.append(
                    {
                        "name": f"Scale Customer {i:06d}",
                        "is_company": True,
                        "user_id": user.id,
                        "email": f"customer{i:06d}@example.com",
                        "phone": f"+886 2 {i:08d}",
                        "city": "Taipei",
                        "country_id": country.id,
                        "sdp_date_reviewed": reviewed,
                    }
                )
            ids += partners.create(vals_list).ids
            self.commit()
            log("customers: %s/%s", len(ids), total)
        self.customer_ids = ids
        # Who sells to whom: the customer's salesperson.
        self.cr.execute("SELECT id, user_id FROM res_partner WHERE id = ANY(%s)", [ids])
        self.owner = dict(self.cr.fetchall())

    # ------------------------------------------------------------------ leads
    def leads(self):
        from odoo.addons.sales_dev_policy.models.sdp_permit import with_permit

        total = self.counts["leads"]
        plan = []
        for step, share in STEP_SHARES:
            plan += [step] * round(total * share)
        plan = (plan + ["prospect"] * total)[:total]
        self.rng.shuffle(plan)
        manager_env = self.env["crm.lead"].with_user(self.manager).with_context(**self.quiet)
        creator = with_permit(manager_env, "gate_override", reason="data generator: history")
        won_ids, lost_ids, all_ids = [], [], []
        for start in range(0, total, self.batch):
            by_stage = {}
            for i in range(start, min(start + self.batch, total)):
                step = plan[i]
                partner_id = self.customer_ids[self.rng.randrange(len(self.customer_ids))]
                user_id = self.owner[partner_id]
                # Won leads are won from the Contract step, lost ones lost from the first.
                stage = self.stage[{"won": "contract", "lost": "prospect"}.get(step, step)]
                by_stage.setdefault((stage, step), []).append(
                    {
                        "name": f"Scale Opportunity {i:06d}",
                        "type": "opportunity",
                        "partner_id": partner_id,
                        "user_id": user_id,
                        "team_id": self.team_of[user_id].id,
                        "stage_id": stage.id,
                        "expected_revenue": self.rng.choice((1e3, 5e3, 2e4, 8e4)),
                        "sdp_proposal_products": True,
                        "sdp_proposal_pricing": True,
                        "sdp_proposal_delivery": True,
                        "sdp_proposal_after_sales": True,
                    }
                )
            for (_stage, step), vals_list in by_stage.items():
                leads = creator.create(vals_list)
                all_ids += leads.ids
                if step == "won":
                    won_ids += leads.ids
                elif step == "lost":
                    lost_ids += leads.ids
            self.commit()
            log("leads: %s/%s", len(all_ids), total)
        self.lead_ids = all_ids
        # Won through the flow: kickoff meeting and follow-up milestones of each (P3.8).
        lost_reason = self.env["crm.lost.reason"].search([], limit=1)
        for ids in chunks(won_ids, max(1, self.batch // 4)):
            with_permit(
                self.env["crm.lead"].with_context(**self.quiet).with_user(self.manager).browse(ids),
                "gate_override",
                reason="data generator: won",
            ).action_set_won()
            self.commit()
            log("won: %s leads", len(ids))
        for ids in chunks(lost_ids, self.batch):
            self.env["crm.lead"].browse(ids).with_context(**self.quiet).action_set_lost(
                lost_reason_id=lost_reason.id
            )
            self.commit()
        log("lost: %s leads", len(lost_ids))

    def lead_history(self):
        """Bulk SQL (history): leads created over the last year, and the earlier transitions
        of each lead's path, one per step, dated between its creation and today."""
        stage_ids = [self.stage[step].id for step in STEPS]
        cr = self.cr
        cr.execute(
            """
            UPDATE crm_lead
               SET create_date = now() - make_interval(days => 30 + (id * 7919) %% 335),
                   date_open = now() - make_interval(days => 30 + (id * 7919) %% 335)
             WHERE id = ANY(%s)
            """,
            [self.lead_ids],
        )
        # The flow logged each lead's moves at generation time; the history replaces them with
        # the lead's path: it entered step j (0..k) on create_date + j * age / (k + 1.5).
        cr.execute("DELETE FROM sdp_stage_transition WHERE lead_id = ANY(%s)", [self.lead_ids])
        cr.execute(
            """
            WITH path AS (
                SELECT l.id AS lead_id, l.name, l.user_id, l.team_id, l.company_id,
                       l.create_date, idx.k, j, (%(stages)s::int[])[j + 1] AS stage_to,
                       CASE WHEN j = 0 THEN NULL ELSE (%(stages)s::int[])[j] END AS stage_from,
                       l.create_date + (now() - l.create_date) * j / (idx.k + 1.5) AS at
                  FROM crm_lead l
                  JOIN LATERAL (SELECT array_position(%(stages)s::int[], l.stage_id) - 1 AS k) idx
                       ON idx.k IS NOT NULL
                 CROSS JOIN LATERAL generate_series(0, idx.k) AS j
                 WHERE l.id = ANY(%(ids)s)
            )
            INSERT INTO sdp_stage_transition
                (lead_id, lead_name, stage_from_id, stage_to_id, step_from, step_to, user_id,
                 salesperson_id, team_id, date, days_in_previous, is_override, company_id,
                 create_uid, create_date, write_uid, write_date)
            SELECT p.lead_id, p.name, p.stage_from, p.stage_to, sf.sdp_policy_step,
                   st.sdp_policy_step, p.user_id, p.user_id, p.team_id, p.at,
                   CASE WHEN p.j = 0 THEN 0
                        ELSE EXTRACT(EPOCH FROM (now() - p.create_date) / (p.k + 1.5)) / 86400
                   END,
                   FALSE, p.company_id, p.user_id, p.at, p.user_id, p.at
              FROM path p
              JOIN crm_stage st ON st.id = p.stage_to
              LEFT JOIN crm_stage sf ON sf.id = p.stage_from
            """,
            {"stages": stage_ids, "ids": self.lead_ids},
        )
        inserted = cr.rowcount
        cr.execute(
            """
            UPDATE crm_lead l SET date_last_stage_update = t.date
              FROM (SELECT lead_id, max(date) AS date FROM sdp_stage_transition
                     WHERE lead_id = ANY(%s) GROUP BY lead_id) t
             WHERE t.lead_id = l.id
            """,
            [self.lead_ids],
        )
        self.commit()
        log("stage history: %s dated transitions (bulk SQL)", inserted)

    def first_contacts(self):
        """The completed first-contact activity of every lead that passed the Contacted step
        (P3.3.2), as ``mail.activity._action_done`` logs it: a message of the activity's type,
        with that flow's permit; dated (bulk SQL, history) when the lead entered the step."""
        from odoo.addons.sales_dev_policy.models.sdp_permit import with_permit

        call = self.env.ref("sales_dev_policy.mail_activity_type_sdp_first_contact_call")
        contact = self.stage["contact"]
        self.cr.execute(
            "SELECT lead_id, date FROM sdp_stage_transition WHERE stage_to_id = %s "
            "AND lead_id = ANY(%s)",
            [contact.id, self.lead_ids],
        )
        rows = self.cr.fetchall()
        messages = with_permit(self.env["mail.message"], "activity_done").with_context(**self.quiet)
        for batch in chunks(rows, self.batch):
            created = messages.create(
                [
                    {
                        "model": "crm.lead",
                        "res_id": lead_id,
                        "message_type": "notification",
                        "body": "First contact call done",
                        "mail_activity_type_id": call.id,
                    }
                    for lead_id, _date in batch
                ]
            )
            self.env.flush_all()
            self.cr.execute(
                """
                UPDATE mail_message m SET date = v.date
                  FROM unnest(%s::int[], %s::timestamp[]) AS v(id, date) WHERE m.id = v.id
                """,
                [created.ids, [date for _lead, date in batch]],
            )
            self.commit()
        log("first contacts: %s", len(rows))

    # ------------------------------------------------------------------ sales
    def orders(self):
        from odoo.addons.sales_dev_policy.models.sale_order_legal import CHECKLIST_FIELDS

        total = self.counts["orders"]
        orders_model = self.env["sale.order"].with_context(**self.quiet)
        quotations = max(1, total // 20)  # left as quotations
        legal = max(1, total // 200)  # large enough to need legal review (P3.7.3)
        self.order_ids = []
        confirmed = 0
        for start in range(0, total, self.batch):
            vals_list = []
            for i in range(start, min(start + self.batch, total)):
                partner_id = self.customer_ids[self.rng.randrange(len(self.customer_ids))]
                user_id = self.owner[partner_id]
                big = i % (total // legal) == 0
                product = self.products[-1 if big else self.rng.randrange(len(self.products) - 1)]
                vals_list.append(
                    {
                        "partner_id": partner_id,
                        "user_id": user_id,
                        "team_id": self.team_of[user_id].id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": 10 if big else self.rng.randint(1, 5),
                                }
                            )
                        ],
                    }
                )
            orders = orders_model.create(vals_list)
            self.order_ids += orders.ids
            big = orders.filtered(lambda o: o.amount_untaxed > LEGAL_THRESHOLD)
            # Legal review: the salesperson submits, the legal reviewer approves (P3.7.3).
            for order in big:
                order.with_user(order.user_id).with_context(**self.quiet).action_sdp_legal_submit()
                order.with_user(self.lawyer).with_context(**self.quiet)._sdp_legal_decide(
                    "approve", dict.fromkeys(CHECKLIST_FIELDS, True), "Standard terms."
                )
            to_confirm = orders[: max(0, len(orders) - quotations * len(orders) // total)]
            # The customer already follows its orders (as after sending the quotation).
            to_confirm.with_context(**self.quiet).action_confirm()
            confirmed += len(to_confirm)
            self.commit()
            log(
                "orders: %s/%s (%s confirmed, %s legal reviews)",
                len(self.order_ids),
                total,
                confirmed,
                len(big),
            )
        self.cr.execute(
            """
            UPDATE sale_order SET date_order = now() - make_interval(days => (id * 7919) %% 365)
             WHERE id = ANY(%s)
            """,
            [self.order_ids],
        )
        self.cr.execute(
            """
            UPDATE sale_order_line l SET create_date = o.date_order FROM sale_order o
             WHERE o.id = l.order_id AND o.id = ANY(%s)
            """,
            [self.order_ids],
        )
        self.commit()

    def invoices(self):
        total = self.counts["invoices"]
        self.cr.execute(
            "SELECT id FROM sale_order WHERE id = ANY(%s) AND state = 'sale' ORDER BY id",
            [self.order_ids],
        )
        order_ids = [row[0] for row in self.cr.fetchall()][:total]
        move_ids = []
        for ids in chunks(order_ids, max(1, self.batch // 2)):
            orders = self.env["sale.order"].browse(ids).with_context(**self.quiet)
            moves = orders._create_invoices(grouped=True)
            moves.action_post()
            move_ids += moves.ids
            self.commit()
            log("invoices: %s/%s", len(move_ids), total)
        missing = total - len(move_ids)
        product = self.products[0]
        journal_moves = self.env["account.move"].with_context(**self.quiet)
        for start in range(0, missing, self.batch):
            moves = journal_moves.create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": self.customer_ids[self.rng.randrange(len(self.customer_ids))],
                        "invoice_line_ids": [
                            Command.create({"product_id": product.id, "quantity": 1})
                        ],
                    }
                    for _i in range(start, min(start + self.batch, missing))
                ]
            )
            moves.action_post()
            move_ids += moves.ids
            self.commit()
            log("invoices: %s/%s", len(move_ids), total)
        # Bulk SQL (history): invoices of the last year, due 30 days later (older ones overdue).
        self.cr.execute(
            """
            UPDATE account_move SET invoice_date = current_date - (id * 7919) %% 365,
                   date = current_date - (id * 7919) %% 365,
                   invoice_date_due = current_date - (id * 7919) %% 365 + 30
             WHERE id = ANY(%s)
            """,
            [move_ids],
        )
        self.cr.execute(
            """
            UPDATE account_move_line l SET date = m.date,
                   date_maturity = CASE WHEN l.date_maturity IS NULL THEN NULL
                                        ELSE m.invoice_date_due END
              FROM account_move m WHERE m.id = l.move_id AND m.id = ANY(%s)
            """,
            [move_ids],
        )
        self.commit()

    # ------------------------------------------------------------------ credit
    def credit(self):
        """Profiles from assessments: one officer assesses, another approves (P6.3.1)."""
        assessor, approver = self.officers
        total = min(self.counts["profiles"], len(self.customer_ids))
        partner_ids = self.rng.sample(self.customer_ids, total)
        assessments = self.env["sdp.credit.assessment"].with_context(**self.quiet)
        done = 0
        for ids in chunks(partner_ids, max(1, self.batch // 2)):
            batch = assessments.with_user(assessor).create(
                [self._assessment_vals(partner_id) for partner_id in ids]
            )
            batch.action_done()
            batch.with_user(approver).action_approve()
            done += len(batch)
            self.commit()
            log("credit profiles: %s/%s", done, total)

    def _assessment_vals(self, partner_id):
        assessed = self.today - timedelta(days=self.days_ago(0, 360))
        return {
            "partner_id": partner_id,
            "rating": self.rng.choice("abc"),
            "score": self.rng.randint(40, 95),
            "credit_limit": self.rng.choice((5e4, 2e5, 1e6)),
            "proposed_state": "approved",
            "date": assessed,
            # A year's validity: the oldest ones are due for review today.
            "date_next_review": assessed + timedelta(days=self.rng.randint(330, 400)),
            "sources": "Bank reference, trade references",
        }

    # ------------------------------------------------------------------ incentive, appraisal
    def incentive(self):
        env = self.env
        env["sdp.commission.plan"].create(
            [
                {
                    "name": f"Scale plan {team.name}",
                    "rate_sales": 3.0,
                    "rate_profit": 8.0,
                    "amount_per_new_customer": 50.0,
                    "team_ids": [Command.set(team.ids)],
                }
                for team in self.teams
            ]
        )
        months = [self.today.replace(day=1) - relativedelta(months=m) for m in range(12, 0, -1)]
        env["sdp.sales.target"].with_context(**self.quiet).create(
            [
                {
                    "user_id": user.id,
                    "team_id": self.team_of[user.id].id,
                    "date_from": month,
                    "sales_target": 40_000.0,
                    "profit_target": 15_000.0,
                    "new_customers_target": 3,
                }
                for user in self.salespeople
                for month in months
            ]
        )
        self.commit()
        for month in months[-3:]:
            sheets = env["sdp.commission.sheet"]._generate(month, self.company)
            appraisals = env["sdp.appraisal"]._generate("month", month, companies=self.company)
            self.commit()
            log("%s: %s commission sheets, %s appraisals", month, len(sheets), len(appraisals))

    def run(self):
        started = time.time()
        log("generating at %s", self.counts)
        for step in (
            self.users,
            self.customers,
            self.leads,
            self.lead_history,
            self.first_contacts,
            self.orders,
            self.invoices,
            self.credit,
            self.incentive,
        ):
            begin = time.time()
            step()
            log("%s done in %.0f s", step.__name__, time.time() - begin)
        self.company.write({"sdp_restrict_customers": True})
        self.cr.execute("ANALYZE")
        log("generated in %.0f s", time.time() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level", "warn"])
    odoo.netsvc.init_logger()
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        params = env["ir.config_parameter"]
        done = params.get_param(PARAM)
        if done:
            log("the database already holds generated data at scale %s: kept as it is", done)
            return 0 if float(done) == args.scale else 3
        Generator(env, args.scale, args.batch, args.seed).run()
        params.set_param(PARAM, str(args.scale))
        cr.commit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
