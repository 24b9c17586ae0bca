"""The daily digest of the reviewers: each legal reviewer (P3.7.3) and credit officer (P6.3)
receives once a day the list of what waits for them, and nothing when nothing waits.
Shared by the legal and credit features."""

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from .sdp_concurrency import run_batch

LEGAL_GROUP = "sales_dev_policy.group_sdp_legal_reviewer"
CREDIT_GROUP = "sales_dev_policy.group_sdp_credit_officer"


class ResUsers(models.Model):
    _inherit = "res.users"

    sdp_digest_date = fields.Date(
        string="Last Reviewer's Digest",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="P3.7.3 / P6.3: the day (in the user's company's time zone) the daily digest last "
        "looked at what waits for this reviewer, sent or not: a run cut short resumes with the "
        "reviewers not yet looked at that day, and nobody receives the digest twice a day.",
    )

    @api.model
    def _cron_sdp_daily_digest(self, batch_size=50):
        """Send each legal reviewer and credit officer their digest (P3.7.3, P6.3), in their
        language, only when something waits for them. What is listed is what the reviewer may
        act on, found with their own rights in their own companies.

        ``batch_size`` reviewers per call, each marked with the day it was looked at
        (``sdp_digest_date``), reported to the cron runner, which calls again while some remain
        for today. Returns the users a digest was sent to in this call."""
        template = self.env.ref("sales_dev_policy.mail_template_sdp_daily_digest")
        reviewers = (self.env.ref(LEGAL_GROUP).users | self.env.ref(CREDIT_GROUP).users).filtered(
            lambda user: user.active and not user.share and user.email
        )
        due = (
            # sudo: reads and writes only the day of the last digest of each reviewer (an
            # administrators' field); the digest itself is read with the reviewer's own rights.
            reviewers.sudo()
            .filtered(lambda user: user.sdp_digest_date != user.company_id._sdp_today())
            .sorted("id")
        )
        batch = due[:batch_size]
        sent = self.browse()

        def digest_batch():
            nonlocal sent
            for user in batch:
                sections = user._sdp_digest_sections()
                if sections:
                    template.with_context(sdp_digest_sections=sections).send_mail(user.id)
                    sent |= user
                user.sdp_digest_date = user.company_id._sdp_today()
            batch.flush_recordset(["sdp_digest_date"])
            return len(batch), len(due) - len(batch)

        if not run_batch(
            self.env, "sales_dev_policy.ir_cron_sdp_daily_digest", digest_batch, len(due)
        ):
            return self.browse()
        return self.browse(sent.ids)

    def _sdp_digest_sections(self):
        """``[{"title", "items": [{"name", "detail", "url"}]}]``: what waits for this user,
        read as them (their record rules, their companies), labelled in their language."""
        self.ensure_one()
        env = self.env(
            user=self,
            context=dict(
                self.env.context, lang=self.lang, allowed_company_ids=self.company_ids.ids
            ),
        )
        base_url = self.get_base_url()

        def url(record):
            return f"{base_url}/odoo/{record._name}/{record.id}"

        def order_item(order):
            return {
                "name": order.name,
                "detail": env._(
                    "%(customer)s, %(amount)s, salesperson %(salesperson)s",
                    customer=order.partner_id.display_name,
                    amount=format_amount(env, order.amount_total, order.currency_id),
                    salesperson=order.user_id.name or "-",
                ),
                "url": url(order),
            }

        sections = []
        if self.has_group(LEGAL_GROUP):
            orders = (
                env["sale.order"]
                .search([("sdp_legal_state", "=", "under_review")], order="date_order, id")
                .filtered("sdp_legal_can_decide")
            )
            if orders:
                sections.append(
                    {
                        "title": env._("Quotations waiting for your legal review (P3.7.3)"),
                        "items": [order_item(order) for order in orders],
                    }
                )
        if self.has_group(CREDIT_GROUP):
            # P6.3.1: orders waiting for a release this officer may give (not those they sell
            # or created: another officer releases those).
            held = env["sale.order"].search(
                [
                    ("sdp_credit_is_held", "=", True),
                    ("user_id", "!=", self.id),
                    ("create_uid", "!=", self.id),
                ],
                order="date_order, id",
            )
            if held:
                sections.append(
                    {
                        "title": env._("Orders waiting for your credit release (P6.3.1)"),
                        "items": [order_item(order) for order in held],
                    }
                )
            Assessment = env["sdp.credit.assessment"]
            to_perform = Assessment.search([("state", "=", "requested")], order="date, id")
            # Four eyes: an officer never approves an assessment they performed (P6.3.2).
            to_approve = Assessment.search(
                [("state", "=", "done"), ("assessor_id", "!=", self.id)], order="date, id"
            )
            reviews = env["sdp.credit.profile"].search(
                [("state", "=", "review_needed")], order="date_next_review, id"
            )
            for title, records in (
                (env._("Credit assessments to perform (P6.3.1)"), to_perform),
                (env._("Credit assessments to approve (P6.3.2)"), to_approve),
                (env._("Credit profiles due for review (P6.3.2)"), reviews),
            ):
                if not records:
                    continue
                sections.append(
                    {
                        "title": title,
                        "items": [
                            {
                                "name": record.partner_id.display_name,
                                "detail": format_date(
                                    env,
                                    record.date
                                    if record._name == Assessment._name
                                    else record.date_next_review,
                                ),
                                "url": url(record),
                            }
                            for record in records
                        ],
                    }
                )
        return sections
