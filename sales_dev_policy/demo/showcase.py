"""Turn the policy on in a demo database, so that a new user sees the product as its users will.

``bin/run`` runs it once, right after creating its demo database, through
``tools/sdp_demo_showcase.py`` (``showcase(env)``); it is not imported by the add-on.

The module's demo data installs with every policy switch off, because Odoo's own CRM and Sales
tests run on a demo database and must keep their standard behaviour; this script is for the
database ``bin/run`` serves, never for an existing database. It:

- switches the policy on in the main company: no skipped step and a reason to move back (P3),
  the credit gate on confirmation (P6.3.1), Legal review above 30,000 and at contract signing
  (P3.7.3), customers restricted to their salesperson and exports restricted (P4.3);
- puts the demo salespeople's teams (Direct Sales, Key Accounts) on the policy pipeline, with
  leads in every policy step for each team (brought there by the sales manager's gate override,
  the way a company moves existing leads in);
- sets a time limit on each policy step (the salesperson, then the leader, is told when a lead
  stays longer);
- books last month's confirmed orders of the three salespeople (a new customer each), raises
  Bo's target so that he misses it, then computes last month's commission sheets and appraisals,
  as the scheduled actions do on the 1st: Bo's appraisal is below standard;
- leaves a quotation waiting for Legal (Anna, Jade Dragon, above the threshold) and an order
  held by the credit control (Bo, Lotus Precision on watch: the customer accepted it online but
  the credit gate refuses it, so the credit officer has an activity).

It runs once: a second run finds the marker parameter and does nothing. Feature: shared by the
pipeline, legal, credit, customer information, incentive and appraisal demos.
"""

from datetime import datetime, time

from dateutil.relativedelta import relativedelta

MARKER = "sales_dev_policy.demo_showcase_done"
OVERRIDE_REASON = "Demo: existing lead brought into the policy pipeline"
STEPS = ("prospect", "contact", "needs", "proposal", "negotiation", "contract")


def _ref(env, xmlid):
    return env.ref(f"sales_dev_policy.{xmlid}")


def _switch_policy_on(company):
    company.write(
        {
            "sdp_pipeline_no_skip": True,
            "sdp_pipeline_back_reason": True,
            "sdp_credit_order_gate": True,
            "sdp_legal_on_amount": True,
            "sdp_legal_amount_threshold": 30000.0,
            "sdp_legal_on_contract_stage": True,
            "sdp_restrict_customers": True,
            "sdp_restrict_export": True,
        }
    )


def _pipeline(env, manager):
    """Both demo teams on the policy pipeline, each with a lead in every policy step."""
    direct, key = _ref(env, "demo_team_direct"), _ref(env, "demo_team_key")
    (direct | key).with_user(manager).action_sdp_use_policy_pipeline()
    # The pipeline demo's leads are Key Accounts' (Carl's): they join his team.
    old_team = _ref(env, "demo_pipe_team")
    pipe_leads = (
        env["crm.lead"].with_context(active_test=False).search([("team_id", "=", old_team.id)])
    )
    pipe_leads.write({"team_id": key.id})
    old_team.active = False
    stage = {step: _ref(env, f"crm_stage_sdp_{step}") for step in STEPS}
    anna, bo = _ref(env, "demo_user_anna"), _ref(env, "demo_user_bo")
    # Direct Sales: its two open demo leads go to the first steps, new ones fill the others.
    Lead = env["crm.lead"]
    moves = [
        (_ref(env, "demo_lead_trade_show"), "prospect"),
        (_ref(env, "demo_lead_jade_expansion"), "needs"),
        (_ref(env, "demo_lead_lotus_retrofit"), "proposal"),
    ]
    for name, user, partner, step, revenue in (
        ("Sunrise Bakery: point-of-sale terminals", bo, False, "contact", 9000),
        ("Jade Dragon: second warehouse", anna, "demo_partner_jade", "negotiation", 36000),
        ("Lotus Precision: spare parts contract", bo, "demo_partner_lotus", "contract", 14000),
    ):
        lead = Lead.with_user(user).create(
            {
                "name": name,
                "type": "opportunity",
                "team_id": direct.id,
                "user_id": user.id,
                "partner_id": _ref(env, partner).id if partner else False,
                "partner_name": False if partner else name.split(":")[0],
                "expected_revenue": revenue,
            }
        )
        moves.append((lead, step))
    # Key Accounts: Harbor's demo lead (Carl's) completes the steps of the pipeline demo.
    moves.append((_ref(env, "demo_lead_harbor_fleet"), "proposal"))
    moves.append((_ref(env, "demo_lead_referral"), "contract"))
    for lead, step in moves:
        if lead.stage_id != stage[step]:
            if lead.team_id != direct and lead.team_id != key:
                lead.team_id = direct
            lead.with_user(manager)._sdp_override_move(stage[step], OVERRIDE_REASON)


def _last_month_sales(env, company):
    """Confirmed orders of last month, dated in it, for each salesperson: one new customer."""
    today = company._sdp_today()
    first = today.replace(day=1) - relativedelta(months=1)
    product = env["product.product"].create(
        {
            "name": "Policy demo: automation service",
            "type": "service",
            "list_price": 1000.0,
            "standard_price": 650.0,
        }
    )
    Partner = env["res.partner"]
    Order = env["sale.order"]
    for xmlid, customer_name, quantity, day in (
        ("demo_user_anna", "Kaohsiung Ceramics Co.", 18, 6),
        ("demo_user_bo", "Hsinchu Optics Ltd.", 12, 12),
        ("demo_user_carl", "Tainan Port Services", 40, 20),
    ):
        user = _ref(env, xmlid)
        team = env["crm.team"].search([("member_ids", "in", [user.id])], limit=1)
        customer = Partner.create({"name": customer_name, "is_company": True, "user_id": user.id})
        order = Order.with_user(user).create(
            {
                "partner_id": customer.id,
                "user_id": user.id,
                "team_id": team.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": quantity})],
            }
        )
        order.with_user(user).action_confirm()
        # Booked last month, as if confirmed then: the commission and appraisal periods read
        # the confirmation date (date_order), which the module protects once confirmed; demo
        # history is backdated in SQL, as no flow confirms an order in the past.
        env.flush_all()
        env.cr.execute(
            "UPDATE sale_order SET date_order = %s WHERE id = %s",
            (datetime.combine(first.replace(day=day), time(10, 0)), order.id),
        )
    env["sale.order"].invalidate_model(["date_order"])
    return first


# Days a lead may stay in each step before its salesperson, then their leader, is told (P3).
STAGE_LIMITS = {
    "prospect": (7, 14),
    "contact": (7, 14),
    "needs": (14, 21),
    "proposal": (10, 20),
    "negotiation": (14, 28),
    "contract": (10, 20),
}
# Bo's target of last month (demo data), raised so that he misses it: his appraisal is below
# standard and his leader has a performance interview to hold (P5.4.2).
BO_MISSED_TARGET = {"sales_target": 30000.0, "profit_target": 9000.0}


def _stage_limits(env):
    for step, (days, escalation) in STAGE_LIMITS.items():
        _ref(env, f"crm_stage_sdp_{step}").write(
            {"sdp_sla_days": days, "sdp_sla_escalation_days": escalation}
        )


def _incentives(env, company, month):
    _ref(env, "demo_target_bo_last").write(BO_MISSED_TARGET)
    env["sdp.commission.sheet"]._generate(month, company)
    env["sdp.appraisal"]._generate("month", month, companies=company)


def _waiting_documents(env):
    """A quotation waiting for Legal, an order held by the credit control."""
    anna, bo = _ref(env, "demo_user_anna"), _ref(env, "demo_user_bo")
    product = env["product.product"].search(
        [("name", "=", "Policy demo: automation service")], limit=1
    )
    Order = env["sale.order"]
    legal = Order.with_user(anna).create(
        {
            "partner_id": _ref(env, "demo_partner_jade").id,
            "user_id": anna.id,
            "note": "Warehouse automation, phase 1: acceptance after a 30-day trial.",
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 42})],
        }
    )
    legal.with_user(anna).action_sdp_legal_submit()
    held = Order.with_user(bo).create(
        {
            "partner_id": _ref(env, "demo_partner_lotus").id,
            "user_id": bo.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 15})],
        }
    )
    refusals = held._sdp_credit_refusals()
    held._sdp_credit_hold(refusals)
    return legal, held


def showcase(env):
    """Switch the policy on in the demo database ``env`` (as the superuser). Returns False when
    it had already run."""
    # sudo: the demo's own run marker, in the demo database bin/run creates.
    params = env["ir.config_parameter"].sudo()
    if params.get_param(MARKER):
        return False
    company = env.ref("base.main_company")
    manager = _ref(env, "demo_user_manager")
    # Last month's sales are booked before the gates close, as they were then.
    month = _last_month_sales(env, company)
    _switch_policy_on(company)
    _stage_limits(env)
    _pipeline(env, manager)
    _incentives(env, company, month)
    _waiting_documents(env)
    params.set_param(MARKER, "1")
    return True
