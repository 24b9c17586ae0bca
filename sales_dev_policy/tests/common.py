"""Users of every role and the assertions all tests share. Shared by all features."""

import base64
from contextlib import contextmanager
from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

# The scanned consent form a written consent is recorded with (P4.3.2).
SIGNED_FORM = base64.b64encode(b"%PDF-1.4 consent form signed by the customer")


def repository_addons(env):
    """The add-ons of the repository that Odoo knows, installed or not, with their folders."""
    modules = env["ir.module.module"].search([("name", "=like", "sales_dev_policy%")])
    return {m.name: (Path(get_module_path(m.name)), m.state) for m in modules}


def load_policy_terms(env, lang="zh_TW"):
    """Activate ``lang`` and load its translations of every installed add-on of the module (the
    module and its bridges), as a user of that language reads them."""
    env["res.lang"]._activate_lang(lang)
    installed = (
        env["ir.module.module"]
        .search([("name", "=like", "sales_dev_policy%"), ("state", "=", "installed")])
        .mapped("name")
    )
    env["ir.module.module"]._load_module_terms(installed, [lang])


class SalesDevPolicyCommon(TransactionCase):
    """Users in every policy role, in two sales teams, for the module's tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.user_sales_a = new_test_user(
            cls.env,
            login="sdp_sales_a",
            name="Salesperson A",
            groups="sales_dev_policy.group_sdp_salesperson",
        )
        cls.user_sales_b = new_test_user(
            cls.env,
            login="sdp_sales_b",
            name="Salesperson B",
            groups="sales_dev_policy.group_sdp_salesperson",
        )
        cls.user_leader = new_test_user(
            cls.env,
            login="sdp_leader",
            name="Team Leader",
            groups="sales_dev_policy.group_sdp_team_leader",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="sdp_manager",
            name="Sales Manager",
            groups="sales_dev_policy.group_sdp_manager",
        )
        cls.user_admin = new_test_user(
            cls.env,
            login="sdp_admin",
            name="Policy Administrator",
            groups="sales_dev_policy.group_sdp_admin",
        )
        cls.user_credit = new_test_user(
            cls.env,
            login="sdp_credit",
            name="Credit Officer",
            groups="sales_dev_policy.group_sdp_credit_officer",
        )
        cls.user_legal = new_test_user(
            cls.env,
            login="sdp_legal",
            name="Legal Reviewer",
            groups="sales_dev_policy.group_sdp_legal_reviewer",
        )
        cls.user_internal = new_test_user(
            cls.env, login="sdp_internal", name="Plain Employee", groups="base.group_user"
        )
        cls.user_portal = new_test_user(
            cls.env, login="sdp_portal", name="Portal Customer", groups="base.group_portal"
        )
        cls.team_a = cls.env["crm.team"].create(
            {
                "name": "SDP Team A",
                "user_id": cls.user_leader.id,
                "member_ids": [(4, cls.user_sales_a.id)],
            }
        )
        cls.team_b = cls.env["crm.team"].create(
            {"name": "SDP Team B", "member_ids": [(4, cls.user_sales_b.id)]}
        )

    @contextmanager
    def assertRaisesMsg(self, exception, regex):
        """Odoo's ``assertRaises`` (a savepoint: a refused operation leaves no trace, as the
        rolled-back request of a real caller) plus a check of the message."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)

    def run_cron(self, model, method):
        """Call a scheduled action's ``method`` of ``model`` as Odoo's cron runner does: again,
        each time in a new progress record, while it reports work done and work remaining
        (``_notify_progress``). Returns the ``(done, remaining)`` of each call."""
        cron = self.env["ir.cron"].search([("code", "=", f"model.{method}()")], limit=1)
        self.assertTrue(cron, f"no scheduled action runs {method}")
        calls = []
        for _call in range(100):
            _cron, progress = cron._add_progress()
            getattr(model.with_context(ir_cron_progress_id=progress.id), method)()
            calls.append((progress.done, progress.remaining))
            if not progress.remaining or not progress.done:
                return calls
        raise AssertionError(f"{method} still reports work remaining after 100 calls")
