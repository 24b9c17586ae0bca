"""Sales indicators per salesperson and period (P5.1.1, P5.2): measured once, for
commissions and appraisals. Shared by incentive and appraisal."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

KPI_KEYS = (
    "sales_amount",
    "profit",
    "new_customers",
    "prospects_contacted",
    "prospects_converted",
    "success_rate",
)


class SdpSalesKpi(models.AbstractModel):
    """Sales performance of salespeople over a period: the measures that commissions (P5.1.1) and
    appraisals (P5.2.1-P5.2.3) are computed from, in one place so both always agree."""

    _name = "sdp.sales.kpi"
    _description = "Sales Development Performance Measures"

    @api.model
    def _get_kpis(self, users, date_from, date_to, company, sales_scope="all"):
        """Return ``{user_id: {measure: value}}`` for ``users`` over ``date_from``..``date_to``
        (dates, both included) in ``company``, amounts in the company currency:

        - ``sales_amount``: untaxed amount of the orders confirmed (``date_order``) in the
          period (P5.1.1, P5.2.3); with ``sales_scope`` (the appraisal's, P5.2.3) "new_business"
          only the orders of customers whose first confirmed order in the company is less than
          the company's new-business months older, "pipeline" only orders linked to an
          opportunity;
        - ``profit``: the margin of those orders (sale_margin: price - cost) (P5.1.1, P5.2.3);
        - ``new_customers``: customers (commercial entities) whose first confirmed order in the
          company falls in the period, counted for that order's salesperson (P5.2.1);
        - ``prospects_contacted``: leads and opportunities of the salesperson (lost and archived
          included) whose first contact, a completed first-contact activity (P3.3.2), falls in the
          period;
        - ``prospects_converted``: prospects of the salesperson, first contacted in the period or
          before it, that became new customers in the period: the prospect's customer
          (commercial entity) has its first confirmed order in the company dated in the period,
          on or after the first contact (P5.2.2);
        - ``success_rate``: prospects converted / prospects contacted, in percent (P5.2.2; 0
          without prospects contacted). Each event counts in the period it happens in, so a
          prospect contacted in one period and won in the next counts in both (denominator, then
          numerator), and a month's rate can exceed 100 %. New customers who were never
          recorded as contacted prospects count in ``new_customers`` (P5.2.1), not in the rate.

        A constant number of queries whatever the number of users. It reads sale orders, leads and
        messages without record rules: callers (scheduled actions, managers' generation) decide who
        sees the result; the records produced carry their own access rules.
        """
        result = {user.id: dict.fromkeys(KPI_KEYS, 0.0) for user in users}
        for values in result.values():
            values["new_customers"] = values["prospects_contacted"] = 0
            values["prospects_converted"] = 0
        if not users:
            return result
        start, end = company._sdp_day_bounds(date_from, date_to)
        company_currency = company.currency_id
        rate_date = fields.Date.to_date(date_to)

        # sudo: totals over every order of these salespeople, read by the caller's computation only.
        orders = self.env["sale.order"].sudo()  # sudo: see the docstring, no record is returned
        domain = [
            ("state", "=", "sale"),
            ("company_id", "=", company.id),
            ("user_id", "in", users.ids),
            ("date_order", ">=", start),
            ("date_order", "<", end),
        ]
        if sales_scope == "pipeline":
            domain.append(("opportunity_id", "!=", False))
        elif sales_scope == "new_business":
            domain.append(
                ("id", "in", self._sdp_new_business_order_ids(users, start, end, company))
            )
        groups = orders._read_group(
            domain, ["user_id", "currency_id"], ["amount_untaxed:sum", "margin:sum"]
        )
        for user, currency, amount, margin in groups:
            if currency != company_currency:
                amount = currency._convert(amount, company_currency, company, rate_date)
                margin = currency._convert(margin, company_currency, company, rate_date)
            result[user.id]["sales_amount"] += amount
            result[user.id]["profit"] += margin

        for user_id, count in self._sdp_new_customer_counts(users, start, end, company).items():
            result[user_id]["new_customers"] = count

        types = self.env["mail.activity.type"].search([("sdp_is_first_contact", "=", True)])
        if types:
            self.env["mail.message"].flush_model(
                ["model", "res_id", "mail_activity_type_id", "date"]
            )
            self.env["crm.lead"].flush_model(["user_id", "company_id", "partner_id"])
            self.env["sale.order"].flush_model(["state", "company_id", "partner_id", "date_order"])
            self.env["res.partner"].flush_model(["commercial_partner_id"])
            # P5.2.2, new customers / prospects contacted, each event counted in the period it
            # happens in: the denominator is the leads first contacted (first completed
            # first-contact activity, P3.3.2) in the period; the numerator the leads, contacted
            # in this period or an earlier one, whose customer's first confirmed order in the
            # company falls in the period, after the contact. A prospect contacted in one month
            # and won in the next counts in the first month's denominator and the next month's
            # numerator: over a quarter or a year every prospect counts once on each side.
            query = SQL(
                """
                WITH first_contact AS (
                    SELECT msg.res_id, MIN(msg.date) AS first_date
                      FROM mail_message msg
                     WHERE msg.model = 'crm.lead'
                       AND msg.mail_activity_type_id = ANY(%(types)s)
                  GROUP BY msg.res_id
                ), prospect AS (
                    SELECT lead.user_id, first_contact.first_date,
                           partner.commercial_partner_id AS entity
                      FROM first_contact
                      JOIN crm_lead lead ON lead.id = first_contact.res_id
                 LEFT JOIN res_partner partner ON partner.id = lead.partner_id
                     WHERE lead.user_id = ANY(%(users)s)
                       AND (lead.company_id = %(company)s OR lead.company_id IS NULL)
                       AND first_contact.first_date < %(end)s
                ), first_order AS (
                    SELECT buyer.commercial_partner_id AS entity, MIN(so.date_order) AS first_date
                      FROM sale_order so
                      JOIN res_partner buyer ON buyer.id = so.partner_id
                     WHERE so.state = 'sale' AND so.company_id = %(company)s
                       AND buyer.commercial_partner_id IN (SELECT entity FROM prospect)
                  GROUP BY buyer.commercial_partner_id
                )
                SELECT prospect.user_id,
                       COUNT(*) FILTER (WHERE prospect.first_date >= %(start)s),
                       COUNT(*) FILTER (WHERE first_order.first_date >= prospect.first_date
                                          AND first_order.first_date >= %(start)s
                                          AND first_order.first_date < %(end)s)
                  FROM prospect
             LEFT JOIN first_order ON first_order.entity = prospect.entity
              GROUP BY prospect.user_id
                """,
                types=types.ids,
                users=users.ids,
                company=company.id,
                start=start,
                end=end,
            )
            self.env.cr.execute(query)
            for user_id, count, converted in self.env.cr.fetchall():
                result[user_id]["prospects_contacted"] = count
                result[user_id]["prospects_converted"] = converted

        for values in result.values():
            prospects = values["prospects_contacted"]
            values["success_rate"] = (
                100.0 * values["prospects_converted"] / prospects if prospects else 0.0
            )
        return result

    @api.model
    def _sdp_new_business_order_ids(self, users, start, end, company):
        """Ids of the confirmed orders of ``users`` dated in [start, end) whose customer
        (commercial entity) had its first confirmed order in ``company`` less than the company's
        new-business months before (P5.2.3, "new business"). One query."""
        self.env["sale.order"].flush_model(
            ["state", "company_id", "partner_id", "date_order", "user_id"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                WITH first_order AS (
                    SELECT buyer.commercial_partner_id AS entity, MIN(so.date_order) AS first_date
                      FROM sale_order so
                      JOIN res_partner buyer ON buyer.id = so.partner_id
                     WHERE so.state = 'sale' AND so.company_id = %(company)s
                  GROUP BY buyer.commercial_partner_id
                )
                SELECT so.id
                  FROM sale_order so
                  JOIN res_partner buyer ON buyer.id = so.partner_id
                  JOIN first_order ON first_order.entity = buyer.commercial_partner_id
                 WHERE so.state = 'sale' AND so.company_id = %(company)s
                   AND so.user_id = ANY(%(users)s)
                   AND so.date_order >= %(start)s AND so.date_order < %(end)s
                   AND so.date_order < first_order.first_date + make_interval(months => %(months)s)
                """,
                company=company.id,
                users=users.ids,
                start=start,
                end=end,
                months=max(company.sdp_appraisal_new_business_months, 0),
            )
        )
        return [order_id for (order_id,) in rows]

    @api.model
    def _sdp_new_customer_counts(self, users, start, end, company):
        """``{user_id: count}`` of commercial entities whose first confirmed order in ``company`` is
        dated in [start, end), for the salesperson of that first order (P5.2.1). One query."""
        self.env["sale.order"].flush_model(
            ["state", "company_id", "partner_id", "date_order", "user_id"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        query = SQL(
            """
            SELECT first_order.user_id, COUNT(*)
              FROM (SELECT DISTINCT ON (partner.commercial_partner_id)
                           so.user_id, so.date_order
                      FROM sale_order so
                      JOIN res_partner partner ON partner.id = so.partner_id
                     WHERE so.state = 'sale' AND so.company_id = %(company)s
                       AND partner.commercial_partner_id IN (
                           SELECT p2.commercial_partner_id
                             FROM sale_order s2
                             JOIN res_partner p2 ON p2.id = s2.partner_id
                            WHERE s2.state = 'sale' AND s2.company_id = %(company)s
                              AND s2.date_order >= %(start)s AND s2.date_order < %(end)s)
                  ORDER BY partner.commercial_partner_id, so.date_order, so.id) first_order
             WHERE first_order.date_order >= %(start)s AND first_order.date_order < %(end)s
               AND first_order.user_id = ANY(%(users)s)
          GROUP BY first_order.user_id
            """,
            company=company.id,
            start=start,
            end=end,
            users=users.ids,
        )
        self.env.cr.execute(query)
        counts = defaultdict(int)
        for user_id, count in self.env.cr.fetchall():
            counts[user_id] = count
        return dict(counts)

    @api.model
    def _get_satisfaction(self, users, date_from, date_to, company):
        """``{user_id: average score in percent}`` of customer satisfaction (P5.2.4): the completed
        answers (``survey.user_input`` done, ended in the period) to the company's customer
        satisfaction survey, each credited to the salesperson who served the customer when the
        survey was sent (``sdp_salesperson_id``; answers from before it existed: the salesperson
        of the partner's commercial entity). Users without answers are left out (no measure,
        not 0). An empty dict when the company has no survey configured. One query for all users.
        """
        survey = company.sdp_satisfaction_survey_id
        if not users or not survey:
            return {}
        start, end = company._sdp_day_bounds(date_from, date_to)
        self.env["survey.user_input"].flush_model(
            [
                "survey_id",
                "partner_id",
                "state",
                "end_datetime",
                "scoring_percentage",
                "sdp_salesperson_id",
            ]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id", "user_id"])
        query = SQL(
            """
            SELECT COALESCE(answer.sdp_salesperson_id, entity.user_id) AS salesperson,
                   AVG(answer.scoring_percentage)
              FROM survey_user_input answer
              JOIN res_partner partner ON partner.id = answer.partner_id
              JOIN res_partner entity ON entity.id = partner.commercial_partner_id
             WHERE answer.survey_id = %(survey)s
               AND answer.state = 'done'
               AND answer.end_datetime >= %(start)s AND answer.end_datetime < %(end)s
               AND COALESCE(answer.sdp_salesperson_id, entity.user_id) = ANY(%(users)s)
          GROUP BY salesperson
            """,
            survey=survey.id,
            start=start,
            end=end,
            users=users.ids,
        )
        self.env.cr.execute(query)
        return dict(self.env.cr.fetchall())
