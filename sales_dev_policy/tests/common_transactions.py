"""Real transactions in tests: two requests at the same moment on their own connections, to
show a race and that the module closes it (docs/security.md, Threat model). Shared by all
features."""

import threading
from contextlib import suppress

import psycopg2.errors

from odoo import api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tests import new_test_user
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import mute_logger


class RealTransactionsCase(BaseCase):
    # pylint: disable=invalid-commit
    # Real transactions must see committed fixtures and commit their own work: a race cannot
    # be shown inside one test cursor, where every request shares one transaction
    # (docs/security.md, Threat model). Each test removes what it committed.
    """Two transactions at the same moment, on their own connections, in two threads.

    A TransactionCase's own transaction is never committed and holds locks, so this is a
    BaseCase: fixtures are committed from an independent connection and removed afterwards.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Taken here, in the main thread: Odoo's own test runner holds the registry lock
        # while it runs the tests, so a thread asking Registry() for it would wait forever.
        cls.registry = Registry(get_db_name())

    def _cursor(self):
        """A new connection whose environments use the loaded registry (see setUpClass)."""
        cr = db_connect(get_db_name()).cursor()
        cr.transaction = api.Transaction(self.registry)
        return cr

    def _run(self, uid, work, barrier=None):
        """Run ``work(env)`` in its own transaction as ``uid`` and commit; return "done",
        "serialization" (lost the race: Odoo would retry the request), "refused" (UserError)
        or the unexpected error. The snapshot is taken before ``barrier``."""
        with self._cursor() as cr:
            # Notification e-mails are queued, not sent after the commit: Odoo sends them
            # through Registry(), whose lock Odoo's test runner holds while the tests run, so
            # the thread would wait forever (in production the mail queue sends them anyway).
            env = api.Environment(cr, uid, {"mail_notify_force_send": False})
            try:
                env.cr.execute("SELECT 1")  # the transaction's snapshot starts here
                if barrier:
                    # The first one waits for the second at most 5 s: once serialised, the
                    # second blocks on a row until the first commits.
                    with suppress(threading.BrokenBarrierError):
                        barrier.wait()
                work(env)
                cr.commit()
                return "done"
            except psycopg2.errors.SerializationFailure:
                cr.rollback()
                return "serialization"
            except UserError:
                cr.rollback()
                return "refused"
            except Exception as error:
                cr.rollback()
                return repr(error)

    def _race(self, *jobs, expect_quiet=False):
        """Run ``(uid, work)`` jobs at the same moment; return their results in order.

        ``expect_quiet``: the conflict is one the module provokes on purpose, so the loser's
        serialisation failure must not be logged as an ERROR "bad query" (an administrator's
        alerting would fire on normal traffic): the test fails if it is."""
        barrier = threading.Barrier(len(jobs), timeout=5)
        results = [None] * len(jobs)

        def target(index, uid, work):
            results[index] = self._run(uid, work, barrier)

        if expect_quiet:
            with self.assertNoLogs("odoo.sql_db", "ERROR"):
                self._start_and_join(target, jobs)
            return results
        with mute_logger("odoo.sql_db"):  # the loser's "bad query" line is expected
            self._start_and_join(target, jobs)
        return results

    @staticmethod
    def _start_and_join(target, jobs):
        threads = [
            threading.Thread(target=target, args=(index, uid, work))
            for index, (uid, work) in enumerate(jobs)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    def _superuser_env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, {})

    def _new_user(self, env, login, groups):
        return new_test_user(
            env, login=login, groups=groups, company_id=env.ref("base.main_company").id
        )

    def _delete_users(self, env, ids):
        users = env["res.users"].browse(ids).exists()
        partners = users.partner_id
        users.unlink()
        partners.unlink()
