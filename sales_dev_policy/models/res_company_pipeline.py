"""Pipeline settings of a company (P3, P3.8.1-P3.8.3, P2.2.5). Feature: pipeline."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # Sequence rules of the policy pipeline.
    sdp_pipeline_no_skip = fields.Boolean(
        string="No Skipping Policy Steps",
        default=True,
        help="Leads in the policy pipeline move forward one step at a time (P3).",
    )
    sdp_pipeline_back_reason = fields.Boolean(
        string="Reason Required to Move Back",
        default=True,
        help="Moving a lead back to an earlier policy step requires a written reason (P3).",
    )
    # P3.8.1: when the kickoff meeting of a won opportunity takes place.
    sdp_kickoff_delay_days = fields.Integer(
        string="Kickoff After (days)",
        default=3,
        help="On Won, the kickoff meeting is planned this many days later, at 10:00 in the "
        "salesperson's time zone, for one hour (P3.8.1).",
    )

    # P3.8.1: the departments involved in the kickoff, by the people who stand for them (plain
    # users: the policy names departments, the company names who answers for each).
    sdp_kickoff_delivery_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="res_company_sdp_kickoff_delivery_user_rel",
        column1="company_id",
        column2="user_id",
        string="Kickoff: Delivery",
        help="Invited to every kickoff meeting; each gets the delivery responsibility as an "
        "activity on the won opportunity (P3.8.1).",
    )
    sdp_kickoff_technical_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="res_company_sdp_kickoff_technical_user_rel",
        column1="company_id",
        column2="user_id",
        string="Kickoff: Technical",
        help="Invited to every kickoff meeting; each gets the technical responsibility as an "
        "activity on the won opportunity (P3.8.1).",
    )
    sdp_kickoff_service_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="res_company_sdp_kickoff_service_user_rel",
        column1="company_id",
        column2="user_id",
        string="Kickoff: Customer Service",
        help="Invited to every kickoff meeting; each gets the customer service responsibility "
        "as an activity on the won opportunity (P3.8.1).",
    )
    sdp_kickoff_finance_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="res_company_sdp_kickoff_finance_user_rel",
        column1="company_id",
        column2="user_id",
        string="Kickoff: Finance",
        help="Invited to every kickoff meeting; each gets the finance responsibility as an "
        "activity on the won opportunity (P3.8.1).",
    )
    sdp_kickoff_agenda = fields.Text(
        string="Kickoff Agenda",
        translate=True,
        default=lambda self: self._sdp_default_kickoff_agenda(),
        help="Agenda written into every kickoff meeting (P3.8.1); the responsibilities of "
        "each department follow it.",
    )
    sdp_kickoff_task_days = fields.Integer(
        string="Responsibilities Due (days after kickoff)",
        default=7,
        help="The departments' kickoff responsibilities are due this many days after the "
        "kickoff meeting (P3.8.1).",
    )
    # P3.8.3: progress reports to the customer recur until the contract ends.
    sdp_progress_report_days = fields.Integer(
        string="Progress Report Every (days)",
        default=30,
        help="For a won opportunity with a contract end date, a progress report to the customer "
        "is planned this often until the contract ends (P3.8.3). 0: no recurring reports.",
    )
    # P2.2.5: regular revisits per potential (the customer's classification, P4.2.3).
    sdp_revisit_days_a = fields.Integer(
        string="Revisit Potential A Every (days)",
        default=30,
        help="Customers of potential A (key accounts) are revisited this often; a visit activity "
        "is planned for their salesperson when one is due (P2.2.5). 0: no planned revisits.",
    )
    sdp_revisit_days_b = fields.Integer(
        string="Revisit Potential B Every (days)",
        default=90,
        help="Customers of potential B are revisited this often (P2.2.5). 0: no planned "
        "revisits.",
    )
    sdp_revisit_days_c = fields.Integer(
        string="Revisit Potential C Every (days)",
        default=0,
        help="Customers of potential C are revisited this often (P2.2.5). 0: no planned "
        "revisits.",
    )
    sdp_revisit_days_default = fields.Integer(
        string="Revisit Unclassified Customers Every (days)",
        default=180,
        help="Customers without a potential are revisited this often (P2.2.5: every customer "
        "is revisited regularly, not only the classified ones). 0: no planned revisits.",
    )

    # P2.3.1-P2.3.3: who answers salespeople's requests for help.
    sdp_support_marketing_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="res_company_sdp_support_marketing_rel",
        column1="company_id",
        column2="user_id",
        string="Marketing Support",
        domain="[('share', '=', False)]",
        help="The marketing department's people who support salespeople's promotion of "
        "products and services: materials, campaigns, events (P2.3.1); the first one gets new "
        "requests.",
    )
    sdp_support_technical_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="res_company_sdp_support_technical_rel",
        column1="company_id",
        column2="user_id",
        string="Technical Support",
        domain="[('share', '=', False)]",
        help="The technical department's people who answer salespeople's product and technical "
        "questions (P2.3.2); the first one gets new requests.",
    )
    sdp_support_service_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="res_company_sdp_support_service_rel",
        column1="company_id",
        column2="user_id",
        string="Customer Service",
        domain="[('share', '=', False)]",
        help="Customer service people who handle enquiries and complaints (P2.3.3); the first "
        "one gets new requests.",
    )

    def _sdp_default_kickoff_agenda(self):
        return self.env._(
            "Kickoff meeting with the departments involved (P3.8.1):\n"
            "1. Contract terms and the customer's expectations\n"
            "2. Delivery plan and milestones\n"
            "3. Technical implementation\n"
            "4. Customer service and communication\n"
            "5. Invoicing and payment terms\n"
            "6. Responsibilities: who does what by when"
        )

    def _sdp_kickoff_departments(self):
        """``[(label, users, responsibility)]`` of the kickoff's departments (P3.8.1)."""
        self.ensure_one()
        return [
            (
                self.env._("Delivery"),
                self.sdp_kickoff_delivery_user_ids,
                self.env._("Plan the delivery and confirm the delivery dates to the salesperson"),
            ),
            (
                self.env._("Technical"),
                self.sdp_kickoff_technical_user_ids,
                self.env._("Prepare the technical implementation and name the technical contact"),
            ),
            (
                self.env._("Customer service"),
                self.sdp_kickoff_service_user_ids,
                self.env._("Set up the customer's service contact and after-sales follow-up"),
            ),
            (
                self.env._("Finance"),
                self.sdp_kickoff_finance_user_ids,
                self.env._("Set up invoicing and the payment terms of the contract"),
            ),
        ]

    def _sdp_revisit_days(self):
        """``{potential: days}`` of the revisit intervals in use (P2.2.5); ``False`` is the
        interval of the customers without a potential."""
        self.ensure_one()
        days = {
            "a": self.sdp_revisit_days_a,
            "b": self.sdp_revisit_days_b,
            "c": self.sdp_revisit_days_c,
            False: self.sdp_revisit_days_default,
        }
        return {potential: value for potential, value in days.items() if value > 0}

    def _sdp_support_users(self, kind):
        """Who answers a request of ``kind`` in this company (P2.3.2, P2.3.3)."""
        self.ensure_one()
        if kind == "technical":
            return self.sdp_support_technical_user_ids
        if kind == "marketing":
            return self.sdp_support_marketing_user_ids
        return self.sdp_support_service_user_ids

    def _sdp_settings_checked_fields(self):
        return super()._sdp_settings_checked_fields() + [
            "sdp_kickoff_delay_days",
            "sdp_kickoff_task_days",
            "sdp_progress_report_days",
            "sdp_revisit_days_a",
            "sdp_revisit_days_b",
            "sdp_revisit_days_c",
            "sdp_revisit_days_default",
        ]

    def _sdp_settings_problems(self):
        problems = super()._sdp_settings_problems()
        for fname in (
            "sdp_kickoff_delay_days",
            "sdp_kickoff_task_days",
            "sdp_progress_report_days",
            "sdp_revisit_days_a",
            "sdp_revisit_days_b",
            "sdp_revisit_days_c",
            "sdp_revisit_days_default",
        ):
            if self[fname] < 0:
                problems.append(
                    self.env._(
                        "%(setting)s cannot be negative", setting=self._sdp_setting_label(fname)
                    )
                )
        return problems
