"""Several workers and servers on one database: the same work done twice at the same moment, in
real transactions (a credit release, a confirmation, an appraisal generation), gives one result
and a clear refusal or nothing new for the other, never a duplicate or a database error.
Shared by all features."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import tagged

from .common_transactions import RealTransactionsCase


@tagged("sdp_integrity", "post_install", "-at_install")
class TestSameWorkTwiceAtOnce(RealTransactionsCase):
    # pylint: disable=invalid-commit
    # Real transactions commit their fixtures and work (see RealTransactionsCase).
    """Each race: both transactions take their snapshot, then do the same work. Without the
    serialisation both passed (two credit releases of one order), or the later one failed on a
    database constraint (following the order twice, a second appraisal of the period). With
    it the later one fails to serialise, and retried as Odoo retries a request, it is refused
    or adds nothing."""

    def _fixtures(self):
        with self._cursor() as cr:
            env = self._superuser_env(cr)
            company = env.ref("base.main_company")
            fx = {"company": company.id, "gate": company.sdp_credit_order_gate}
            # The generation race makes the appraisals of every salesperson of the company
            # (demo users included): everything after this id is the test's to remove.
            cr.execute("SELECT COALESCE(MAX(id), 0) FROM sdp_appraisal")
            fx["last_appraisal"] = cr.fetchone()[0]
            company.sdp_credit_order_gate = False
            seller = self._new_user(
                env, "sdp_twice_seller", "sales_dev_policy.group_sdp_salesperson"
            )
            officers = [
                self._new_user(
                    env,
                    f"sdp_twice_officer_{n}",
                    "sales_team.group_sale_salesman_all_leads,"
                    "sales_dev_policy.group_sdp_credit_officer",
                )
                for n in (1, 2)
            ]
            manager = self._new_user(env, "sdp_twice_manager", "sales_dev_policy.group_sdp_manager")
            team = env["crm.team"].create(
                {"name": "SDP Twice Team", "member_ids": [Command.link(seller.id)]}
            )
            partner = env["res.partner"].create(
                {"name": "SDP Twice Customer", "is_company": True, "user_id": seller.id}
            )
            product = env["product.product"].create(
                {"name": "SDP Twice Service", "type": "service", "taxes_id": [Command.clear()]}
            )
            order = (
                env["sale.order"]
                .with_user(seller)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": 1,
                                    "price_unit": 600.0,
                                }
                            )
                        ],
                    }
                )
            )
            fx.update(
                seller=seller.id,
                officers=[o.id for o in officers],
                manager=manager.id,
                team=team.id,
                partner=partner.id,
                product=product.id,
                order=order.id,
                order_name=order.name,
            )
            cr.commit()
        return fx

    def _cleanup(self, fx):
        with self._cursor() as cr:
            env = self._superuser_env(cr)
            order = env["sale.order"].browse(fx["order"]).exists()
            if order.state == "sale":
                order._action_cancel()
            order.activity_ids.unlink()
            order.unlink()
            # Audit records refuse the ORM's unlink: the test removes its own with SQL.
            cr.execute("DELETE FROM sdp_credit_release WHERE order_name = %s", [fx["order_name"]])
            cr.execute(
                "DELETE FROM mail_activity WHERE res_model = 'sdp.appraisal' AND res_id > %s",
                [fx["last_appraisal"]],
            )
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'sdp.appraisal' AND res_id > %s",
                [fx["last_appraisal"]],
            )
            cr.execute(
                "DELETE FROM mail_followers WHERE res_model = 'sdp.appraisal' AND res_id > %s",
                [fx["last_appraisal"]],
            )
            cr.execute("DELETE FROM sdp_appraisal WHERE id > %s", [fx["last_appraisal"]])
            env["crm.team"].browse(fx["team"]).exists().unlink()
            env["product.product"].browse(fx["product"]).exists().unlink()
            env["res.partner"].browse(fx["partner"]).exists().unlink()
            self._delete_users(env, [fx["seller"], fx["manager"], *fx["officers"]])
            env["res.company"].browse(fx["company"]).sdp_credit_order_gate = fx["gate"]
            cr.commit()

    def test_two_officers_release_one_order_once(self):
        """P6.3.1: two credit officers release the same quotation at the same moment (two
        servers): one release; the other, retried, is refused as already released."""
        fx = self._fixtures()
        try:

            def release(reason):
                return lambda env: env["sale.order"].browse(fx["order"])._sdp_credit_release(reason)

            first, second = fx["officers"]
            results = self._race((first, release("Guarantee A")), (second, release("Guarantee B")))
            self.assertEqual(sorted(results), ["done", "serialization"])
            loser = fx["officers"][results.index("serialization")]
            self.assertEqual(self._run(loser, release("Guarantee again")), "refused")
            with self._cursor() as cr:
                releases = self._superuser_env(cr)["sdp.credit.release"].search(
                    [("order_id", "=", fx["order"])]
                )
                self.assertEqual(len(releases), 1, "one release of one order")
        finally:
            self._cleanup(fx)

    def test_one_order_confirmed_twice_at_once(self):
        """The salesperson confirms the same quotation from two servers at the same moment: it
        is confirmed once; the other request, retried, is refused by Odoo (already confirmed)
        instead of failing on following the order twice."""
        fx = self._fixtures()
        try:

            def confirm(env):
                env["sale.order"].browse(fx["order"]).action_confirm()

            results = self._race((fx["seller"], confirm), (fx["seller"], confirm))
            self.assertEqual(sorted(results), ["done", "serialization"])
            self.assertEqual(self._run(fx["seller"], confirm), "refused")
            with self._cursor() as cr:
                order = self._superuser_env(cr)["sale.order"].browse(fx["order"])
                self.assertEqual(order.state, "sale")
        finally:
            self._cleanup(fx)

    def test_cron_and_manager_generate_appraisals_at_once(self):
        """P5.3.1: the scheduled action and a manager generate the same month's appraisals at
        the same moment: one appraisal per salesperson; the later generation, retried, adds
        nothing."""
        fx = self._fixtures()
        month = date(2026, 9, 1)
        try:

            def generate(env):
                company = env["res.company"].browse(fx["company"])
                env["sdp.appraisal"]._generate("month", month, companies=company)

            results = self._race((fx["manager"], generate), (fx["manager"], generate))
            self.assertEqual(sorted(results), ["done", "serialization"])
            self.assertEqual(self._run(fx["manager"], generate), "done")
            with self._cursor() as cr:
                appraisals = self._superuser_env(cr)["sdp.appraisal"].search(
                    [("user_id", "=", fx["seller"]), ("date_from", "=", month)]
                )
                self.assertEqual(len(appraisals), 1, "one appraisal per salesperson and month")
        finally:
            self._cleanup(fx)

    def test_two_orders_of_one_customer_confirmed_at_once(self):
        """P6.3.1: two quotations of one customer, each within its credit limit but not both,
        confirmed at the same moment on two servers: one is confirmed; the other, retried on a
        fresh snapshot, is refused for the limit. The conflict is the one the gate provokes on
        the customer's credit profile: expected traffic, so it is not logged as an ERROR."""
        fx = self._fixtures()
        second = profile = None
        try:
            with self._cursor() as cr:
                env = self._superuser_env(cr)
                env["res.company"].browse(fx["company"]).sdp_credit_order_gate = True
                profile = (
                    env["sdp.credit.profile"]
                    .create(
                        {
                            "partner_id": fx["partner"],
                            "company_id": fx["company"],
                            "state": "approved",
                            "rating": "b",
                            "score": 70,
                            "credit_limit": 1000.0,
                            "date_assessed": date.today(),
                            "date_next_review": date.today() + timedelta(days=30),
                        }
                    )
                    .id
                )
                second = env["sale.order"].browse(fx["order"]).with_user(fx["seller"]).copy().id
                cr.commit()

            def confirm(order_id):
                return lambda env: env["sale.order"].browse(order_id).action_confirm()

            results = self._race(
                (fx["seller"], confirm(fx["order"])),
                (fx["seller"], confirm(second)),
                expect_quiet=True,
            )
            self.assertEqual(sorted(results), ["done", "serialization"])
            loser = (fx["order"], second)[results.index("serialization")]
            self.assertEqual(self._run(fx["seller"], confirm(loser)), "refused")
            with self._cursor() as cr:
                orders = self._superuser_env(cr)["sale.order"].browse([fx["order"], second])
                self.assertEqual(sorted(orders.mapped("state")), ["draft", "sale"])
        finally:
            with self._cursor() as cr:
                env = self._superuser_env(cr)
                order = env["sale.order"].browse(second).exists()
                if order.state == "sale":
                    order._action_cancel()
                order.unlink()
                # A profile without assessments may be deleted.
                env["sdp.credit.profile"].browse(profile).exists().unlink()
                cr.commit()
            self._cleanup(fx)
