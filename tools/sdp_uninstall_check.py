"""Uninstall check of the repository's add-ons: standard CRM and Sales are left as they were.

Usage (bin/test runs it in the ``bridges`` configuration, after that configuration's tests):

    sdp_uninstall_check.py [--logfile LOG] uninstall ODOO_CONF DB MODULE STATE_FILE
    sdp_uninstall_check.py [--logfile LOG] verify ODOO_CONF DB STATE_FILE

``uninstall`` records how many leads, orders, customers and invoices the database holds (beyond
the add-ons' own data records, which an uninstall removes as for any module), then
uninstalls MODULE (and what depends on it) as the Apps menu does. ``verify`` checks that no add-on
of the repository is left installed, that nothing of them remains (fields, columns, record rules,
access rights, xml ids, stages of the policy pipeline), and that the leads, orders, customers and
invoices are all still there. Exits 1 with one line per problem.
"""

import json
import sys

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

PREFIX = "sales_dev_policy"
KEPT = ("crm.lead", "sale.order", "res.partner", "account.move")


def _env_cursor(conf, db):
    args = ["-c", conf, "-d", db]
    if LOGFILE:
        args += ["--logfile", LOGFILE]
    odoo.tools.config.parse_config(args)
    odoo.netsvc.init_logger()
    return Registry(db).cursor()


def _counts(env):
    """Records of the kept models that the add-ons' own data files did not create (an uninstall
    removes those, demo data included, as Odoo does for every module)."""
    counts = {}
    for model in KEPT:
        owned = (
            env["ir.model.data"]
            .search([("module", "=like", f"{PREFIX}%"), ("model", "=", model)])
            .mapped("res_id")
        )
        domain = [("id", "not in", owned)] if owned else []
        counts[model] = env[model].with_context(active_test=False).search_count(domain)
    return counts


def uninstall(conf, db, module, state_file):
    with _env_cursor(conf, db) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        with open(state_file, "w") as handle:
            json.dump(_counts(env), handle)
        env["ir.module.module"].search([("name", "=", module)]).button_immediate_uninstall()


def verify(conf, db, state_file):
    with open(state_file) as handle:
        before = json.load(handle)
    problems = []
    with _env_cursor(conf, db) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        installed = env["ir.module.module"].search(
            [("name", "=like", f"{PREFIX}%"), ("state", "!=", "uninstalled")]
        )
        problems += [f"{m.name} is still {m.state}" for m in installed]
        cr.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND column_name LIKE 'sdp\\_%%'"
        )
        problems += [f"column {table}.{column} left behind" for table, column in cr.fetchall()]
        cr.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'sdp\\_%%'"
        )
        problems += [f"table {table} left behind" for (table,) in cr.fetchall()]
        cr.execute("SELECT tablename, indexname FROM pg_indexes WHERE indexname LIKE '%%sdp\\_%%'")
        problems += [f"index {index} on {table} left behind" for table, index in cr.fetchall()]
        cr.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'sdp\\_%%'")
        problems += [f"function {name} left behind" for (name,) in cr.fetchall()]
        fields_left = env["ir.model.fields"].search([("name", "=like", "sdp\\_%")])
        problems += [f"field {f.model}.{f.name} left behind" for f in fields_left]
        data_left = env["ir.model.data"].search([("module", "=like", f"{PREFIX}%")])
        problems += [f"{len(data_left)} xml ids of the add-ons left behind"] if data_left else []
        rules = (
            env["ir.rule"]
            .with_context(active_test=False)
            .search([("model_id.model", "=like", "sdp.%")])
        )
        problems += [f"record rule {rule.name} left behind" for rule in rules]
        counts = _counts(env)
        problems += [
            f"{model}: {count} records before the uninstall, {counts[model]} after"
            for model, count in before.items()
            if counts[model] != count
        ]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


LOGFILE = None

if __name__ == "__main__":
    if sys.argv[1] == "--logfile":
        LOGFILE = sys.argv[2]
        del sys.argv[1:3]
    if sys.argv[1] == "uninstall":
        uninstall(*sys.argv[2:6])
        sys.exit(0)
    sys.exit(verify(*sys.argv[2:5]))
