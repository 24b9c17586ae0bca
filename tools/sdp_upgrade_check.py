"""Upgrade check of sales_dev_policy: what a company owns survives ``-u``, and the migration runs.

Usage (bin/test runs it in the ``alone`` configuration, on the database of that configuration):

    sdp_upgrade_check.py prepare ODOO_CONF DB STATE_FILE
    (odoo-bin -u sales_dev_policy, twice)
    sdp_upgrade_check.py verify ODOO_CONF DB STATE_FILE

``prepare`` changes what users own (a policy stage, its gate and SLA, company settings, a cron's
schedule, a follow-up template, a required-information rule, a credit review interval, the legal
activity type), records them and the number of records of every model of the module, and puts
the database back to version 18.0.1.0.0 as it stood before the 18.0.1.1.0 and 18.0.1.2.0
migrations (audit records without lead/order names, the former transition rule, a consent
withdrawn by archiving it, the team leader's customer rule). ``verify`` checks that every change and
every record is still there after the updates, and that the migration did its work once.
Exits 1 with one line per difference.
"""

import base64
import json
import sys

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

MODULE = "sales_dev_policy"
OLD_VERSION = "18.0.1.0.0"
# A consent's written proof (P4.3.2).
SIGNED_FORM = base64.b64encode(b"%PDF-1.4 consent form signed by the customer")
OLD_SALESPERSON_CUSTOMER_RULE = (
    "[(1, '=', 1)] if not sdp_restrict_customers else ['|', '|', '|', '|', '|', "
    "('user_id', '=', user.id), ('commercial_partner_id.user_id', 'in', [user.id, False]), "
    "('message_partner_ids', 'in', [user.partner_id.id]), ('user_ids', '!=', False), "
    "('partner_share', '=', False), ('sale_order_ids.user_id', '=', user.id),]"
)
OLD_PARTNER_DOCUMENT_RULE = (
    "[(1, '=', 1)] if not sdp_restricted_company_ids else "
    "[('partner_id.sdp_customer_visible', '=', True)]"
)
OLD_TEAM_LEADER_CUSTOMER_RULE = (
    "[(1, '=', 1)] if not sdp_restrict_customers else ["
    "('commercial_partner_id.user_id.crm_team_member_ids.crm_team_id.user_id', '=', user.id),]"
)
OLD_TRANSITION_RULE = "['|', ('lead_id.user_id', '=', user.id), ('lead_id.user_id', '=', False)]"

# (xml id, field, value a company might set)
USER_CHANGES = [
    ("sales_dev_policy.crm_stage_sdp_contact", "name", "Contact (our wording)"),
    ("sales_dev_policy.crm_stage_sdp_contact", "sdp_sla_days", 9),
    ("sales_dev_policy.crm_stage_sdp_contact", "sdp_sla_escalation_days", 15),
    ("sales_dev_policy.crm_stage_sdp_contact", "sdp_gate_attachment_count", 2),
    ("sales_dev_policy.crm_stage_sdp_needs", "sequence", 250),
    ("sales_dev_policy.ir_cron_sdp_stage_sla", "interval_number", 7),
    ("sales_dev_policy.ir_cron_sdp_stage_sla", "active", False),
    ("sales_dev_policy.ir_cron_sdp_monthly_commissions", "nextcall", "2031-01-01 05:00:00"),
    ("sales_dev_policy.sdp_followup_template_delivery", "name", "Delivery check (ours)"),
    ("sales_dev_policy.sdp_info_requirement_partner_phone", "active", False),
    ("sales_dev_policy.sdp_credit_rating_term_b", "months", 18),
    ("sales_dev_policy.mail_activity_type_sdp_legal_review", "name", "Contract review"),
    ("sales_dev_policy.mail_activity_type_sdp_first_contact_call", "delay_count", 4),
    ("base.main_company", "sdp_pipeline_no_skip", False),
    ("base.main_company", "sdp_legal_amount_threshold", 12345.0),
    ("base.main_company", "sdp_review_interval_days", 45),
]


def _env(conf, db):
    odoo.tools.config.parse_config(["-c", conf, "-d", db])
    registry = Registry(db)
    return registry, registry.cursor()


def _value(record, fname):
    value = record.with_context(active_test=False)[fname]
    if hasattr(value, "ids"):
        return value.ids
    if fname == "nextcall":
        return str(value)
    return value


def _counts(env):
    """Records of every model the module defines or extends (its ir.model xml ids)."""
    model_ids = (
        env["ir.model.data"]
        .search([("module", "=", MODULE), ("model", "=", "ir.model")])
        .mapped("res_id")
    )
    counts = {}
    for model in env["ir.model"].browse(model_ids):
        records = env.get(model.model)
        if (
            records is not None
            and not records._abstract
            and records._auto
            and not records._transient
        ):
            counts[model.model] = records.with_context(active_test=False).search_count([])
    return counts


def prepare(conf, db, state_file):
    registry, cr = _env(conf, db)
    with cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for xmlid, fname, value in USER_CHANGES:
            env.ref(xmlid).with_context(active_test=False).write({fname: value})
        # The database as 18.0.1.0.0 left it: no names on the audit records, the former rule.
        cr.execute("UPDATE sdp_stage_transition SET lead_name = NULL")
        cr.execute("UPDATE sdp_legal_review SET order_name = NULL")
        cr.execute("UPDATE sdp_credit_release SET order_name = NULL")
        env.ref(
            "sales_dev_policy.sdp_stage_transition_rule_salesperson"
        ).domain_force = OLD_TRANSITION_RULE
        # The customer rules as 18.0.1.1.0 shipped them (noupdate: only the migration updates).
        env.ref(
            "sales_dev_policy.res_partner_rule_salesperson"
        ).domain_force = OLD_SALESPERSON_CUSTOMER_RULE
        # The team leader's customer rule 18.0.1.1.0 shipped (18.0.1.5.0 removes it).
        leader_rule = env["ir.rule"].create(
            {
                "name": "Policy: customers of the teams I lead (P4.3.3)",
                "model_id": env["ir.model"]._get_id("res.partner"),
                "domain_force": OLD_TEAM_LEADER_CUSTOMER_RULE,
                "groups": [(4, env.ref("sales_dev_policy.group_sdp_team_leader").id)],
            }
        )
        env["ir.model.data"].create(
            {
                "module": MODULE,
                "name": "res_partner_rule_team_leader",
                "model": "ir.rule",
                "res_id": leader_rule.id,
                "noupdate": True,
            }
        )
        # The bank account and letter rules as 18.0.1.1.0 shipped them: a salespeople's group
        # rule granting all with the restriction off, and one granting all to managers and
        # accountants (18.0.1.6.0 makes the first global and removes the second).
        salesman = env.ref("sales_team.group_sale_salesman")
        granted = env.ref("sales_team.group_sale_salesman_all_leads") | env.ref(
            "account.group_account_invoice"
        )
        for prefix in ("res_partner_bank_rule", "snailmail_letter_rule"):
            rule = env.ref(f"sales_dev_policy.{prefix}_salesperson")
            rule.write(
                {"domain_force": OLD_PARTNER_DOCUMENT_RULE, "groups": [(6, 0, salesman.ids)]}
            )
            granting = rule.copy(
                {
                    "name": f"{rule.name} (all)",
                    "domain_force": "[(1, '=', 1)]",
                    "groups": [(6, 0, granted.ids)],
                }
            )
            env["ir.model.data"].create(
                {
                    "module": MODULE,
                    "name": f"{prefix}_all",
                    "model": "ir.rule",
                    "res_id": granting.id,
                    "noupdate": True,
                }
            )
        # A consent withdrawn the way 18.0.1.0.0 withdrew them: archived.
        customer = env["res.partner"].create({"name": "SDP upgrade: withdrawn consent"})
        withdrawn = env["sdp.customer.consent"].create(
            {"document": SIGNED_FORM, "partner_id": customer.id, "scope": "marketing"}
        )
        cr.execute("UPDATE sdp_customer_consent SET active = FALSE WHERE id = %s", [withdrawn.id])
        # Confirmed orders as a database before 18.0.1.6.0 has them: nothing stored of what
        # they were confirmed for.
        cr.execute(
            "UPDATE sale_order SET sdp_confirmed_partner_id = NULL, sdp_confirmed_company_id = "
            "NULL, sdp_confirmed_currency_id = NULL, sdp_confirmed_amount = NULL "
            "WHERE state = 'sale'"
        )
        cr.execute(
            "UPDATE ir_module_module SET latest_version = %s WHERE name = %s", [OLD_VERSION, MODULE]
        )
        archived = (
            env["sdp.customer.consent"]
            .with_context(active_test=False)
            .search_count([("active", "=", False)])
        )
        state = {
            "withdrawn_consent": withdrawn.id,
            "archived_consents": archived,
            "values": [
                [xmlid, fname, _value(env.ref(xmlid), fname)] for xmlid, fname, _v in USER_CHANGES
            ],
            "counts": _counts(env),
            "transitions_with_lead": env["sdp.stage.transition"].search_count(
                [("lead_id", "!=", False)]
            ),
        }
        cr.commit()
    with open(state_file, "w") as handle:
        json.dump(state, handle)
    del registry


def verify(conf, db, state_file):
    with open(state_file) as handle:
        state = json.load(handle)
    problems = []
    registry, cr = _env(conf, db)
    with cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for xmlid, fname, expected in state["values"]:
            actual = _value(env.ref(xmlid), fname)
            if actual != expected:
                problems.append(f"{xmlid}.{fname}: {expected!r} became {actual!r}")
        counts = _counts(env)
        # The 18.0.1.2.0 migration adds one withdrawal per consent withdrawn by archiving.
        state["counts"]["sdp.customer.consent"] += state["archived_consents"]
        # The 18.0.1.5.0 migration removes the team leader's customer rule, the 18.0.1.6.0 one
        # the two group rules granting every bank account and letter.
        if "ir.rule" in state["counts"]:
            state["counts"]["ir.rule"] -= 3
        for model, count in state["counts"].items():
            if counts.get(model) != count:
                problems.append(f"{model}: {count} records became {counts.get(model)}")
        # The migration ran: names filled, rule restricted, version recorded.
        named = env["sdp.stage.transition"].search_count(
            [("lead_id", "!=", False), ("lead_name", "!=", False)]
        )
        if named != state["transitions_with_lead"]:
            problems.append(
                f"migration: {named} of {state['transitions_with_lead']} transitions have their "
                "lead's name"
            )
        rule = env.ref("sales_dev_policy.sdp_stage_transition_rule_salesperson")
        if "('lead_id', '!=', False)" not in rule.domain_force:
            problems.append(f"migration: transition rule not updated: {rule.domain_force}")
        customer_rule = env.ref("sales_dev_policy.res_partner_rule_salesperson")
        if "sdp_customer_visible" not in customer_rule.domain_force:
            problems.append(f"migration: customer rule not updated: {customer_rule.domain_force}")
        if env.ref("sales_dev_policy.res_partner_rule_team_leader", raise_if_not_found=False):
            problems.append("migration: the team leader's customer rule is still there")
        for prefix in ("res_partner_bank_rule", "snailmail_letter_rule"):
            rule = env.ref(f"sales_dev_policy.{prefix}_salesperson")
            if rule.groups or "sdp_customer_documents" not in rule.domain_force:
                problems.append(f"migration: {prefix}_salesperson is not the global rule")
            if env.ref(f"sales_dev_policy.{prefix}_all", raise_if_not_found=False):
                problems.append(f"migration: {prefix}_all still grants every record")
        consent = env["sdp.customer.consent"].browse(state["withdrawn_consent"])
        withdrawals = env["sdp.customer.consent"].search(
            [("kind", "=", "withdrawal"), ("partner_id", "=", consent.partner_id.id)]
        )
        if not consent.active or consent.is_valid or len(withdrawals) != 1:
            problems.append(
                f"migration: the archived consent {consent.id} should be restored to the history "
                f"(active {consent.active}), not in effect (valid {consent.is_valid}), with one "
                f"withdrawal ({len(withdrawals)})"
            )
        if consent.company_id.sdp_consent_written_only:
            problems.append(
                "migration: a company that recorded consents before 18.0.1.6.0 keeps counting "
                "them (Consents Count Only in Writing off until it switches it on)"
            )
        # Every confirmed order counts against what it was confirmed for (P3.7.3, P6.3.1):
        # orders confirmed before 18.0.1.6.0 take what they say at the upgrade.
        unstored = env["sale.order"].search_count(
            [("state", "=", "sale"), ("sdp_confirmed_partner_id", "=", False)]
        )
        if unstored:
            problems.append(f"upgrade: {unstored} confirmed order(s) without what they count")
        module = env["ir.module.module"].search([("name", "=", MODULE)])
        manifest_version = odoo.modules.module.get_manifest(MODULE)["version"]
        if module.latest_version != manifest_version:
            problems.append(
                f"version: {module.latest_version} installed, {manifest_version} expected"
            )
    del registry
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    command, conf_path, db_name, state_path = sys.argv[1:5]
    if command == "prepare":
        prepare(conf_path, db_name, state_path)
        sys.exit(0)
    sys.exit(verify(conf_path, db_name, state_path))
