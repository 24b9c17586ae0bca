"""The menu paths the guides name exist, as the users' screens show them.

Usage (bin/test runs it in the ``alone`` configuration, on the database of that configuration):

    sdp_guide_paths.py ODOO_CONF DB

The Traditional Chinese guide (README.zh-TW.md) names menus as 「CRM > 客戶開發制度 > 信用」; the
English docs (README.md, docs/*.md) as *CRM > Policy > Legal Reviews*. Each path is looked up in
the database in the guide's language (zh_TW loaded for the check): a path is right when a menu
has exactly that chain of names from the top, or, for the Dashboards app, when the last name is a
dashboard of that app. A block of a settings page (*CRM > Configuration > Settings > Customer
Development Policy*) is right when the path up to the settings menu is. Exits 1 with one line
per path that no screen shows.
"""

import re
import sys
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

ROOT = Path(__file__).resolve().parents[1]
# 「A > B > C」 in the Chinese guide; *A > B > C* in the English docs.
ZH_PATH = re.compile(r"「([^」]+?(?: > [^」]+?)+)」")
EN_PATH = re.compile(r"\*([A-Z][^*\n]*?(?: > [^*\n]+?)+)\*")


def guide_paths():
    """``{lang: {path tuple: [where]}}`` of the menu paths the guides name."""
    found = {"zh_TW": {}, "en_US": {}}
    sources = [("zh_TW", ROOT / "README.zh-TW.md", ZH_PATH), ("en_US", ROOT / "README.md", EN_PATH)]
    sources += [("en_US", doc, EN_PATH) for doc in sorted((ROOT / "docs").glob("*.md"))]
    for lang, path, pattern in sources:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in pattern.finditer(line):
                names = tuple(part.strip() for part in match.group(1).split(" > "))
                where = f"{path.relative_to(ROOT)}:{number}"
                found[lang].setdefault(names, []).append(where)
    return found


def menu_chains(env):
    """Every menu as the tuple of its names from the top, in ``env``'s language."""
    menus = env["ir.ui.menu"].with_context(active_test=False).search([])
    chains = set()
    for menu in menus:
        names = []
        node = menu
        while node:
            names.append(node.name)
            node = node.parent_id
        chains.add(tuple(reversed(names)))
    return chains


def check(env, lang, paths):
    env = env(context=dict(env.context, lang=lang))
    chains = menu_chains(env)
    dashboards_app = {chain[0] for chain in chains if chain and len(chain) == 1}
    dashboards = set()
    if "spreadsheet.dashboard" in env:
        dashboards = set(env["spreadsheet.dashboard"].search([]).mapped("name"))
    app_dashboards = env.ref("spreadsheet_dashboard.spreadsheet_dashboard_menu_root", False)
    problems = []
    settings = {"Settings", "設定"}
    for names, where in paths.items():
        if names in chains:
            continue
        if any(names[k] in settings and names[: k + 1] in chains for k in range(1, len(names) - 1)):
            continue  # a block of the settings page under its menu, not a menu itself
        if app_dashboards and names[0] == app_dashboards.name and names[-1] in dashboards:
            continue
        if any(len(chain) > len(names) and chain[-len(names) :] == names for chain in chains):
            # A path that starts below the app (the guide says where it stands).
            problems.append(f"{where[0]}: {' > '.join(names)} is not a path from the top menu")
            continue
        if names[0] not in dashboards_app:
            continue  # not a menu path (a settings section, a button sequence)
        problems.append(f"{where[0]}: no menu {' > '.join(names)} in {lang}")
    return problems


def main(conf, db):
    odoo.tools.config.parse_config(["-c", conf, "-d", db])
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if not env["res.lang"]._lang_get("zh_TW"):
            env["res.lang"]._activate_lang("zh_TW")
        installed = env["ir.module.module"].search([("state", "=", "installed")])
        installed._update_translations(["zh_TW"])
        problems = []
        for lang, paths in guide_paths().items():
            problems += check(env, lang, paths)
        cr.rollback()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
