"""Regular revisits of customers at an interval per potential, and one for the customers
without a potential (P2.2.5). Feature: pipeline."""

from datetime import timedelta

from odoo import api, fields, models

from .sdp_concurrency import run_batch, serialize_on


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    sdp_revisit_overdue = fields.Boolean(
        string="Revisit Overdue",
        compute="_compute_sdp_revisit_overdue",
        search="_search_sdp_revisit_overdue",
        # Policy fields are for employees, never portal users (P4.3.3).
        groups="base.group_user",
        help="A planned revisit of this customer is past its date (P2.2.5).",
    )

    def _sdp_revisit_overdue_domain(self):
        activity_type = self.env.ref(
            "sales_dev_policy.mail_activity_type_sdp_revisit", raise_if_not_found=False
        )
        if not activity_type:
            return [("id", "=", False)]
        return [
            (
                "activity_ids",
                "any",
                [
                    ("activity_type_id", "=", activity_type.id),
                    ("date_deadline", "<", fields.Date.context_today(self)),
                ],
            )
        ]

    def _compute_sdp_revisit_overdue(self):
        overdue = self.filtered_domain(self._sdp_revisit_overdue_domain()) if self.ids else self
        for partner in self:
            partner.sdp_revisit_overdue = partner in overdue

    def _search_sdp_revisit_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = self._sdp_revisit_overdue_domain()
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _sdp_revisit_due_domain(self, company, potential, days, activity_type):
        """Customers of ``potential`` whose salesperson (of ``company``) last visited them
        more than ``days`` ago, or never in that time, and who have no revisit planned."""
        limit = fields.Datetime.to_datetime(company._sdp_today() - timedelta(days=days))
        visit_types = activity_type | self.env.ref(
            "mail.mail_activity_data_meeting", raise_if_not_found=False
        )
        return [
            ("sdp_potential", "=", potential),
            ("user_id", "!=", False),
            ("user_id.company_id", "=", company.id),
            ("parent_id", "=", False),
            ("create_date", "<", limit),
            (
                "activity_ids",
                "not any",
                [("activity_type_id", "=", activity_type.id), ("res_model", "=", self._name)],
            ),
            # A visit is a revisit or meeting activity marked done on the customer (the
            # message Odoo logs for it), as the pipeline gates count done activities.
            (
                "message_ids",
                "not any",
                [("mail_activity_type_id", "in", visit_types.ids), ("date", ">=", limit)],
            ),
        ]

    @api.model
    def _cron_sdp_revisits(self, batch_size=500):
        """P2.2.5: plan a visit for the salesperson of each customer whose revisit is due.

        The interval is the company's per potential. Not twice: a customer with an open
        revisit activity is skipped. At most ``batch_size`` customers per call, reported to
        the cron runner, which calls again while some remain. A batch that meets someone
        changing one of its customers at the same moment is undone and runs again shortly
        (``run_batch``).
        """
        activity_type = self.env.ref(
            "sales_dev_policy.mail_activity_type_sdp_revisit", raise_if_not_found=False
        )
        if not activity_type:
            return
        run_batch(
            self.env,
            "sales_dev_policy.ir_cron_sdp_revisits",
            lambda: self._sdp_revisits_batch(activity_type, batch_size),
            pending=lambda: sum(
                self.search_count(domain)
                for _company, _potential, _days, domain in self._sdp_revisit_domains(activity_type)
            ),
        )

    @api.model
    def _sdp_revisit_domains(self, activity_type):
        """``[(company, potential, days, domain of the customers due)]``, in the cron's order."""
        companies = self.env["res.company"].search(
            [
                "|",
                "|",
                "|",
                ("sdp_revisit_days_a", ">", 0),
                ("sdp_revisit_days_b", ">", 0),
                ("sdp_revisit_days_c", ">", 0),
                ("sdp_revisit_days_default", ">", 0),
            ]
        )
        return [
            (
                company,
                potential,
                days,
                self._sdp_revisit_due_domain(company, potential, days, activity_type),
            )
            for company in companies
            for potential, days in company._sdp_revisit_days().items()
        ]

    @api.model
    def _sdp_revisits_batch(self, activity_type, batch_size):
        """One batch of the revisits: ``(done, remaining)``."""
        model_id = self.env["ir.model"]._get_id(self._name)
        done = remaining = 0
        potentials = dict(self._fields["sdp_potential"]._description_selection(self.env))
        potentials[False] = self.env._("no potential set")
        vals_list = []
        partners_done = self.browse()
        for company, potential, days, domain in self._sdp_revisit_domains(activity_type):
            room = batch_size - len(vals_list)
            if room <= 0:
                remaining += self.search_count(domain)
                continue
            today = company._sdp_today()
            partners = self.search(domain, limit=room, order="id")
            partners_done |= partners
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": partner.user_id.id,
                    "date_deadline": today,
                    "summary": self.env._(
                        "Revisit %(customer)s (P2.2.5): %(potential)s, every %(days)s days",
                        customer=partner.name,
                        potential=potentials[potential],
                        days=days,
                    ),
                }
                for partner in partners
            ]
            done += len(partners)
            if len(partners) == room:
                remaining += self.search_count(domain) - room
        # A customer changed by someone else meanwhile (a visit logged, the potential or the
        # salesperson changed): the batch is undone and runs again with it (run_batch).
        serialize_on(partners_done, nowait=True)
        # No "assigned to you" e-mail per reminder: the activity itself is the reminder.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        return done, remaining
