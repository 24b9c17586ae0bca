"""The access matrix of docs/customer-information.md, model by model and role by role (P4.3.3).
Shared by all features."""

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged, users

from .common import SIGNED_FORM, SalesDevPolicyCommon
from .common_customer_info import AccessCommon

# Models of the module that carry customer data, with the field naming their record.
CUSTOMER_DATA_MODELS = (
    "sdp.negotiation.round",
    "sdp.stage.transition",
    "sdp.followup.milestone",
    "sdp.legal.review",
    "sdp.customer.consent",
)
# Every model of the module (transient wizards excluded).
MODULE_MODELS = CUSTOMER_DATA_MODELS + (
    "sdp.competitor",
    "sdp.market.research",
    "sdp.gate.checklist.item",
    "sdp.info.requirement",
)


class PolicyRecordsCommon(AccessCommon):
    """Negotiation rounds, transitions, milestones, legal reviews and consents of A and B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.records = {}
        for key, lead, order, customer in (
            ("a", cls.lead_a, cls.order_a, cls.customer_a),
            ("b", cls.lead_b, cls.order_b, cls.customer_b),
        ):
            cls.records[key] = cls._create_policy_records(lead, order, customer)
        # company B: its own lead, order and customer data, and users restricted to company B
        cls.customer_cb = cls.env["res.partner"].create(
            {"name": "SDP Customer of company B", "company_id": cls.company_b.id}
        )
        cls.lead_cb = (
            cls.env["crm.lead"]
            .with_company(cls.company_b)
            .create(
                {
                    "name": "SDP Lead of company B",
                    "type": "opportunity",
                    "user_id": cls.user_sales_cb.id,
                    "partner_id": cls.customer_cb.id,
                    "company_id": cls.company_b.id,
                }
            )
        )
        cls.order_cb = (
            cls.env["sale.order"]
            .with_company(cls.company_b)
            .create(
                {
                    "partner_id": cls.customer_cb.id,
                    "user_id": cls.user_sales_cb.id,
                    "company_id": cls.company_b.id,
                }
            )
        )
        cls.records["cb"] = cls._create_policy_records(
            cls.lead_cb, cls.order_cb, cls.customer_cb, company=cls.company_b
        )
        cls.user_manager_cb = new_test_user(
            cls.env,
            login="sdp_manager_cb",
            name="Sales Manager of Company B",
            groups="sales_dev_policy.group_sdp_admin",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )

    @classmethod
    def _create_policy_records(cls, lead, order, customer, company=None):
        company = company or cls.company
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        return {
            "sdp.negotiation.round": env["sdp.negotiation.round"].create(
                {"lead_id": lead.id, "key_points": f"Price of {lead.name}"}
            ),
            "sdp.stage.transition": env["sdp.stage.transition"].create(
                {
                    "lead_id": lead.id,
                    "date": fields.Datetime.now(),
                    "company_id": company.id,
                    "user_id": lead.user_id.id,
                }
            ),
            "sdp.followup.milestone": env["sdp.followup.milestone"].create(
                {
                    "name": f"Delivery of {lead.name}",
                    "lead_id": lead.id,
                    "date_deadline": fields.Date.today(),
                }
            ),
            # created as superuser: rounds are opened by the order's submission only
            "sdp.legal.review": env["sdp.legal.review"].create(
                {"order_id": order.id, "comments": f"Clause 7 of {order.name} is unusual"}
            ),
            "sdp.customer.consent": env["sdp.customer.consent"].create(
                {
                    "document": SIGNED_FORM,
                    "partner_id": customer.id,
                    "scope": "marketing",
                    "company_id": company.id,
                }
            ),
        }

    def _all(self, model):
        return (
            self.records["a"][model] | self.records["b"][model] | self.records["cb"][model]
        ).with_env(self.env)

    def _assert_sees(self, model, expected, msg=None):
        """The current user finds exactly ``expected`` among the test records of ``model``,
        with search, search_read (RPC), read_group and _read_group alike."""
        Model = self.env[model]
        everything = self._all(model)
        domain = [("id", "in", everything.ids)]
        msg = f"{model} as {self.env.user.login}: {msg or ''}"
        self.assertEqual(Model.search(domain), expected.with_env(self.env), msg)
        rows = Model.search_read(domain, ["id"])
        self.assertEqual(sorted(row["id"] for row in rows), sorted(expected.ids), msg)
        [(count,)] = Model._read_group(domain, [], ["__count"])
        self.assertEqual(count, len(expected), msg)
        groups = Model.read_group(domain, ["company_id"], ["company_id"])
        self.assertEqual(sum(g["company_id_count"] for g in groups), len(expected), msg)
        self.assertEqual(Model.search_count(domain), len(expected), msg)

    def _assert_cannot_open(self, model, records):
        for record in records:
            with self.assertRaises(
                AccessError, msg=f"{model} {record.id} as {self.env.user.login}"
            ):
                self.env[model].browse(record.id).read(["display_name"])
            with self.assertRaises(AccessError, msg=f"export {model} as {self.env.user.login}"):
                self.env[model].browse(record.id).export_data(["company_id"])


@tagged("sdp_access", "post_install", "-at_install")
class TestPolicyModelAccess(PolicyRecordsCommon):
    """P4.3.3: access to every policy model carrying customer data, as the users themselves."""

    @users("sdp_sales_a")
    def test_salesperson_sees_own_records_only(self):
        """Salesperson A cannot search, read, read_group, search_read, export or open B's
        negotiation rounds, transitions, milestones, legal reviews and consents (P4.3.3)."""
        for model in CUSTOMER_DATA_MODELS:
            self._assert_sees(model, self.records["a"][model])
            self._assert_cannot_open(model, self.records["b"][model] | self.records["cb"][model])
            # the own record opens
            own = self.env[model].browse(self.records["a"][model].id)
            self.assertTrue(own.read(["display_name"]))

    @users("sdp_sales_a")
    def test_salesperson_cannot_change_b_records(self):
        """Writing or deleting B's records is refused and changes nothing."""
        round_b = self.env["sdp.negotiation.round"].browse(
            self.records["b"]["sdp.negotiation.round"].id
        )
        with self.assertRaises(AccessError):
            round_b.write({"key_points": "Overwritten"})
        with self.assertRaises(AccessError):
            round_b.unlink()
        milestone_b = self.env["sdp.followup.milestone"].browse(
            self.records["b"]["sdp.followup.milestone"].id
        )
        with self.assertRaises(AccessError):
            milestone_b.write({"is_done": True})
        with self.assertRaises(AccessError):
            self.env["sdp.negotiation.round"].create(
                {"lead_id": self.lead_b.id, "key_points": "On B's lead"}
            )
        # sudo: the test reads or prepares data beyond the user's rights
        self.assertEqual(round_b.sudo().key_points, "Price of SDP Lead B")
        # sudo: the test reads or prepares data beyond the user's rights
        self.assertFalse(milestone_b.sudo().is_done)
        # on the own lead it works
        round_a = self.env["sdp.negotiation.round"].create(
            {"lead_id": self.lead_a.id, "key_points": "Second round"}
        )
        self.assertEqual(round_a.company_id, self.company)

    @users("sdp_sales_a")
    def test_salesperson_lead_one2many_hide_b(self):
        """Through the lead form: B's negotiation rounds stay hidden even on a readable lead."""
        lead_a = self.env["crm.lead"].browse(self.lead_a.id)
        self.assertEqual(
            lead_a.sdp_negotiation_round_ids, self.records["a"]["sdp.negotiation.round"]
        )
        order_a = self.env["sale.order"].browse(self.order_a.id)
        self.assertEqual(order_a.sdp_legal_review_ids, self.records["a"]["sdp.legal.review"])

    @users("sdp_leader")
    def test_team_leader_sees_team_only(self):
        """The leader of team A sees team A's pipeline records and consents, not team B's."""
        for model in (
            "sdp.negotiation.round",
            "sdp.stage.transition",
            "sdp.followup.milestone",
            "sdp.customer.consent",
        ):
            self._assert_sees(model, self.records["a"][model])
            self._assert_cannot_open(model, self.records["b"][model])

    @users("sdp_leader")
    def test_legal_comments_not_for_team_leader(self):
        """P3.7.3 / P4.3.3: legal review comments: only legal reviewers, managers and the
        order's salesperson; the team leader sees the order, not its review comments."""
        order_a = self.env["sale.order"].browse(self.order_a.id)
        self.assertEqual(order_a.read(["name"])[0]["id"], self.order_a.id)
        self.assertFalse(order_a.sdp_legal_review_ids)
        self._assert_sees("sdp.legal.review", self.env["sdp.legal.review"])
        self._assert_cannot_open("sdp.legal.review", self.records["a"]["sdp.legal.review"])

    def test_legal_comments_readers(self):
        """Legal reviewers and managers read every review of their company; credit officers
        (who see all orders) do not; the salesperson reads but cannot change the comments."""
        reviews = self.records["a"]["sdp.legal.review"] | self.records["b"]["sdp.legal.review"]
        for user in (self.user_legal, self.user_manager, self.user_admin):
            found = self.env["sdp.legal.review"].with_user(user).search([("id", "in", reviews.ids)])
            self.assertEqual(found, reviews, user.login)
            self.assertTrue(found.read(["comments"])[0]["comments"])
        credit_env = self.env(user=self.user_credit)
        self.assertFalse(credit_env["sdp.legal.review"].search([("id", "in", reviews.ids)]))
        self.assertEqual(
            credit_env["sale.order"].search([("id", "in", self.all_orders.ids)]), self.all_orders
        )
        review_a = self.records["a"]["sdp.legal.review"].with_user(self.user_sales_a)
        self.assertIn("Clause 7", review_a.comments)
        with self.assertRaises(AccessError):
            review_a.write({"comments": "Nothing unusual"})
        # sudo: the test reads or prepares data beyond the user's rights
        self.assertIn("Clause 7", review_a.sudo().comments)

    @users("sdp_manager")
    def test_manager_sees_all_of_the_company(self):
        for model in CUSTOMER_DATA_MODELS:
            self._assert_sees(model, self.records["a"][model] | self.records["b"][model])
            self._assert_cannot_open(model, self.records["cb"][model])

    @users("sdp_portal")
    def test_portal_sees_nothing_of_the_module(self):
        """Portal users: no access to any model of the module (P4.3.3)."""
        for model in MODULE_MODELS:
            with self.assertRaises(AccessError, msg=model):
                self.env[model].search_read([], ["id"])
        for model in CUSTOMER_DATA_MODELS:
            with self.assertRaises(AccessError, msg=model):
                self.env[model].browse(self.records["a"][model].id).read(["display_name"])

    @users("sdp_internal")
    def test_plain_user_sees_nothing_of_the_module(self):
        for model in MODULE_MODELS:
            with self.assertRaises(AccessError, msg=model):
                self.env[model].search([])

    def test_plain_salesman_without_policy_role(self):
        """A user in Odoo's own "Own Documents" sales group only, without a policy role, is
        held to the same own-records rules (no policy record leaks around the policy roles)."""
        salesman = new_test_user(
            self.env, login="sdp_plain_salesman", groups="sales_team.group_sale_salesman"
        )
        # sudo: the test reads or prepares data beyond the user's rights
        self.lead_b.sudo().user_id = salesman
        # sudo: the test reads or prepares data beyond the user's rights
        self.order_b.sudo().user_id = salesman
        # sudo: the test reads or prepares data beyond the user's rights
        self.customer_b.sudo().user_id = salesman
        env = self.env(user=salesman)
        for model in CUSTOMER_DATA_MODELS:
            found = env[model].search([("id", "in", self._all(model).ids)])
            self.assertEqual(found, self.records["b"][model].with_env(env), model)
        # and the customer confidentiality switch holds them too (P4.3.3)
        self.company.sdp_restrict_customers = True
        customers = env["res.partner"].search(
            [("id", "in", (self.customer_a | self.customer_b).ids)]
        )
        self.assertEqual(customers, self.customer_b.with_env(env))

    def test_company_b_never_sees_company_a(self):
        """Multi-company: users of company B (even a policy administrator) see none of
        company A's policy records, and company A's manager none of company B's."""
        for user in (self.user_sales_cb, self.user_manager_cb):
            env = self.env(user=user)
            for model in CUSTOMER_DATA_MODELS:
                everything = self._all(model)
                found = env[model].search([("id", "in", everything.ids)])
                self.assertEqual(
                    found, self.records["cb"][model].with_env(env), (user.login, model)
                )
                with self.assertRaises(AccessError, msg=(user.login, model)):
                    env[model].browse(self.records["a"][model].id).read(["display_name"])
        for model in ("sdp.market.research", "sdp.competitor"):
            record = self.env[model].create({"name": f"SDP {model} of company A"})
            with self.assertRaises(AccessError, msg=model):
                record.with_user(self.user_manager_cb).read(["name"])


@tagged("sdp_access", "post_install", "-at_install")
class TestAccessRightsMatrix(SalesDevPolicyCommon):
    """The model-level cells of the access matrix (docs/customer-information.md, P4.3.3): which
    role may read (r), write (w), create (c), delete (d) each model of the module."""

    MATRIX = {
        # model: (salesperson, team leader, manager, admin, credit, legal, internal, portal)
        "sdp.negotiation.round": ("rwcd",) * 6 + ("", ""),
        "sdp.followup.milestone": ("rwcd",) * 6 + ("", ""),
        "sdp.stage.transition": ("r",) * 6 + ("", ""),
        "sdp.legal.review": ("r", "r", "r", "r", "r", "rwc", "", ""),
        # A consent is written proof (P4.3.2): withdrawn by a withdrawal record, never deleted.
        "sdp.customer.consent": ("rwc", "rwc", "rwc", "rwc", "rwc", "rwc", "", ""),
        # Written by the exports themselves (P4.3.1); managers read it.
        "sdp.export.log": ("", "", "r", "r", "", "", "", ""),
        "sdp.info.requirement": ("r", "r", "r", "rwcd", "r", "r", "", ""),
        "sdp.gate.checklist.item": ("r", "r", "r", "rwcd", "r", "r", "", ""),
        "sdp.competitor": ("rwc", "rwc", "rwcd", "rwcd", "rwc", "rwc", "", ""),
        "sdp.market.research": ("rwc", "rwc", "rwcd", "rwcd", "rwc", "rwc", "", ""),
    }
    OPERATIONS = {"r": "read", "w": "write", "c": "create", "d": "unlink"}

    def test_access_rights_matrix(self):
        users = (
            self.user_sales_a,
            self.user_leader,
            self.user_manager,
            self.user_admin,
            self.user_credit,
            self.user_legal,
            self.user_internal,
            self.user_portal,
        )
        for model, cells in self.MATRIX.items():
            for user, expected in zip(users, cells, strict=True):
                actual = "".join(
                    letter
                    for letter, operation in self.OPERATIONS.items()
                    if self.env[model].with_user(user).has_access(operation)
                )
                self.assertEqual(actual, expected, f"{model} for {user.login}")
