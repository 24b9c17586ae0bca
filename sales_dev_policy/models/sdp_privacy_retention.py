"""Retention of prospects that never became customers: a daily review list of lost or inactive
prospects older than the company's retention period, anonymised once a sales manager confirms
(PDPA Art. 11(3): erase when the purpose ended; PDPO DPP2(2), s.26; P4.3, P6.4.1).
Feature: customer information."""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .sdp_concurrency import run_batch, serialize_on
from .sdp_permit import raise_audit_record, with_permit

HANDLER_GROUP = "sales_dev_policy.group_sdp_manager"


class SdpPrivacyRetention(models.Model):
    """A prospect (a contact and its leads, or a lead without contact) past the retention
    period, waiting for a sales manager to anonymise it or keep it with a reason."""

    _name = "sdp.privacy.retention"
    _description = "Prospect Retention Review"
    _inherit = ["mail.thread", "sdp.flow.fields.mixin"]
    # Only the review cron proposes prospects and only the manager's actions decide.
    _sdp_flow_fields = frozenset(
        {
            "partner_id",
            "lead_ids",
            "company_id",
            "date_last_change",
            "state",
            "decided_by_id",
            "date_decided",
            "result",
        }
    )
    _order = "state desc, date_last_change, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Prospect",
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    lead_ids = fields.Many2many(
        comodel_name="crm.lead",
        relation="sdp_privacy_retention_lead_rel",
        column1="retention_id",
        column2="lead_id",
        string="Leads",
        readonly=True,
        context={"active_test": False},
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        readonly=True,
    )
    date_last_change = fields.Date(
        string="Last Change",
        readonly=True,
        help="The last change of the prospect's leads; the retention period counts from it.",
    )
    state = fields.Selection(
        selection=[
            ("to_review", "To Review"),
            ("kept", "Kept"),
            ("anonymised", "Anonymised"),
        ],
        default="to_review",
        required=True,
        index=True,
        readonly=True,
        tracking=True,
    )
    keep_reason = fields.Text(
        tracking=True,
        help="Why the prospect is kept beyond the retention period (e.g. the person asked to "
        "stay in touch, a dispute).",
    )
    decided_by_id = fields.Many2one(comodel_name="res.users", string="Decided By", readonly=True)
    date_decided = fields.Date(string="Decided On", readonly=True)
    result = fields.Text(readonly=True, help="What the anonymisation removed and kept.")

    @api.depends("partner_id", "lead_ids")
    def _compute_display_name(self):
        for line in self:
            line.display_name = (
                line.partner_id.name
                or line.lead_ids[:1].contact_name
                or line.lead_ids[:1].name
                or self.env._("Prospect")
            )

    def write(self, vals):
        decided = self.filtered(lambda line: line.state != "to_review")
        if decided and not self.env.su and set(vals) - self._sdp_flow_fields:
            raise UserError(
                self.env._(
                    "%(lines)s: a decided retention review is the record of the decision and "
                    "does not change.",
                    lines=decided._sdp_flow_records_label(),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise_audit_record(self.filtered(lambda line: line.state != "to_review"))

    # ------------------------------------------------------------------ actions
    def _sdp_check_decision(self):
        if not (self.env.su or self.env.user.has_group(HANDLER_GROUP)):
            raise AccessError(
                self.env._(
                    "%(lines)s: only a sales manager decides what happens to prospects past the "
                    "retention period (P4.3.3, PDPA Art. 11(3)).",
                    lines=self._sdp_flow_records_label(),
                )
            )
        decided = self.filtered(lambda line: line.state != "to_review")
        if decided:
            raise UserError(
                self.env._("%(lines)s: already decided.", lines=decided._sdp_flow_records_label())
            )

    def action_keep(self):
        """Keep the prospect, with the reason written on the line."""
        self._sdp_check_decision()
        missing = self.filtered(lambda line: not (line.keep_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "%(lines)s: write why the prospect is kept beyond the retention period.",
                    lines=missing._sdp_flow_records_label(),
                )
            )
        self._sdp_flow_write(
            {
                "state": "kept",
                "decided_by_id": self.env.uid,
                "date_decided": self.env.company._sdp_today(),
            }
        )
        return True

    def action_anonymise(self):
        """Anonymise the prospect, after checking it still never became a customer."""
        self._sdp_check_decision()
        became_customers = self._sdp_customers(self.partner_id)
        leads_won = self.lead_ids.filtered(lambda lead: lead.sdp_outcome == "won")
        blocked = self.filtered(
            lambda line: line.partner_id.commercial_partner_id & became_customers
            or line.lead_ids & leads_won
        )
        if blocked:
            raise UserError(
                self.env._(
                    "%(lines)s: became a customer since the review listed it (a won lead, a "
                    "confirmed order or a posted invoice); keep it with that reason.",
                    lines=blocked._sdp_flow_records_label(),
                )
            )
        request_model = self.env["sdp.privacy.request"]
        for line in self:
            partners = (
                self.env["res.partner"]
                # sudo: the contact and its children, whoever's customers they are; a manager
                # decided.
                .sudo()
                .with_context(active_test=False)
                .search([("id", "child_of", line.partner_id.ids)])
                if line.partner_id
                else self.env["res.partner"]
            )
            reference = self.env._("Retention review %(id)s", id=line.id)
            removed, kept = request_model._sdp_anonymise(partners, reference, leads=line.lead_ids)
            line._sdp_flow_write(
                {
                    "state": "anonymised",
                    "decided_by_id": self.env.uid,
                    "date_decided": line.company_id._sdp_today(),
                    "result": "\n".join(
                        [self.env._("Removed:"), *removed]
                        + ([self.env._("Kept:"), *kept] if kept else [])
                    ),
                }
            )
        return True

    # ------------------------------------------------------------------ the review cron
    @api.model
    def _sdp_customers(self, partners):
        """The commercial entities of ``partners`` with a confirmed order or a posted invoice."""
        commercial = partners.commercial_partner_id
        if not commercial:
            return commercial
        orders = (
            self.env["sale.order"]
            # sudo: reads whether an order or invoice exists, across salespeople; nothing is shown.
            .sudo()
            .search([("partner_id", "child_of", commercial.ids), ("state", "=", "sale")])
        )
        invoices = (
            self.env["account.move"]
            # sudo: reads whether an order or invoice exists, across salespeople; nothing is shown.
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", commercial.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ]
            )
        )
        return (
            orders.partner_id.commercial_partner_id | invoices.commercial_partner_id
        ) & commercial

    @api.model
    def _cron_sdp_retention_review(self, batch_size=500):
        """List the prospects past each company's retention period for a manager's review
        (P4.3, P6.4.1): lost leads, and open leads without planned activity, not changed for N
        months, whose contact never had a confirmed order or posted invoice and has no other
        live lead. Each lead is listed once, whatever the decision.

        One batch per call, reported to the cron runner, which calls again while prospects
        remain: the prospects (a contact with all its leads, or a lead without contact) of one
        company, in the order of their first lead, up to ``batch_size`` leads. The company
        keeps its place in the day's run, so a run cut short resumes after the last prospect
        looked at, and the prospects kept out (customers, users, a live lead) are not looked at
        again that day. A batch that meets a concurrent write on one of its leads or on the
        company is undone and runs again shortly (``run_batch``)."""
        run_batch(
            self.env,
            "sales_dev_policy.ir_cron_sdp_privacy_retention",
            lambda: self._sdp_retention_review_batch(batch_size),
            pending=self._sdp_retention_review_pending,
        )

    @api.model
    def _sdp_retention_companies(self):
        return self.env["res.company"].search([("sdp_privacy_retention_months", ">", 0)])

    @api.model
    def _sdp_retention_lead_domain(self, company):
        """The leads of ``company`` past its retention period and not listed yet."""
        limit = company._sdp_today() - relativedelta(months=company.sdp_privacy_retention_months)
        cutoff = company._sdp_day_bounds(limit, limit)[0]
        # sudo: the leads already listed, whoever's they are; nothing is shown.
        listed = self.sudo().search([]).lead_ids
        return [
            ("company_id", "=", company.id),
            ("write_date", "<", cutoff),
            ("sdp_outcome", "!=", "won"),
            "|",
            ("active", "=", False),
            ("activity_ids", "=", False),
            ("id", "not in", listed.ids),
        ]

    @api.model
    def _sdp_retention_units(self, company):
        """The prospects of ``company`` still to look at in today's run, in the order of their
        first lead: ``[(first lead id, number of leads, contact or lead without contact)]``."""
        # sudo: the review sees every salesperson's prospects; its lines are read by managers.
        lead_model = self.env["crm.lead"].sudo().with_context(active_test=False)
        domain = self._sdp_retention_lead_domain(company)
        start = 0
        if company.sdp_retention_review_date == company._sdp_today():
            start = company.sdp_retention_review_lead
        units = [
            (first, count, partner)
            for partner, first, count in lead_model._read_group(
                domain + [("partner_id", "!=", False)], ["partner_id"], ["id:min", "__count"]
            )
            if first > start
        ]
        units += [
            (lead.id, 1, lead)
            for lead in lead_model.search(
                domain + [("partner_id", "=", False), ("id", ">", start)], order="id"
            )
        ]
        return sorted(units, key=lambda unit: unit[0])

    @api.model
    def _sdp_retention_review_pending(self):
        """The number of leads the review still has to look at today, all companies."""
        return sum(
            count
            for company in self._sdp_retention_companies()
            for _first, count, _unit in self._sdp_retention_units(company)
        )

    @api.model
    def _sdp_retention_review_batch(self, batch_size):
        """One batch of the retention review: ``(leads looked at, leads remaining)``."""
        # sudo: the review sees every salesperson's prospects; its lines are read by managers.
        lead_model = self.env["crm.lead"].sudo().with_context(active_test=False)
        # sudo: the cron writes the review lines (managers read them).
        reviews = with_permit(self.sudo(), self._name)
        done = remaining = 0
        for company in self._sdp_retention_companies():
            units = self._sdp_retention_units(company)
            if done or not units:
                remaining += sum(count for _first, count, _unit in units)
                continue
            # Whole prospects only: a contact's leads are listed together, on one line.
            taken, done = units[:1], units[0][1]
            for unit in units[1:]:
                if done + unit[1] > batch_size:
                    break
                taken.append(unit)
                done += unit[1]
            remaining += sum(count for _first, count, _unit in units[len(taken) :])
            partners = self.env["res.partner"].union(
                *(unit for _first, _count, unit in taken if unit._name == "res.partner")
            )
            lone = lead_model.union(
                *(unit for _first, _count, unit in taken if unit._name == "crm.lead")
            )
            leads = lead_model.search(
                self._sdp_retention_lead_domain(company)
                + ["|", ("partner_id", "in", partners.ids), ("id", "in", lone.ids)]
            )
            # A lead or the company changed by someone else meanwhile: undone, run again.
            serialize_on(company, nowait=True)
            serialize_on(leads, nowait=True)
            reviews.create(self._sdp_review_vals(company, leads))
            # sudo: the cron's own place in the day's run, not a setting.
            company.sudo().write(
                {
                    "sdp_retention_review_date": company._sdp_today(),
                    "sdp_retention_review_lead": taken[-1][0],
                }
            )
        return done, remaining

    @api.model
    def _sdp_review_vals(self, company, leads):
        """One review line per contact (with all its listed leads), one per lead without
        contact; contacts that are customers, users or have a live lead are left out."""
        lead_model = leads.env["crm.lead"]
        partners = leads.partner_id
        # A contact stays while it is a customer, a user, or has a live or won lead.
        live = lead_model.search(
            [("partner_id", "in", partners.ids), ("id", "not in", leads.ids)]
        ).filtered(lambda lead: lead.active or lead.sdp_outcome == "won")
        customers = self._sdp_customers(partners)
        excluded = (
            live.partner_id
            | partners.filtered(lambda p: p.user_ids or p.commercial_partner_id.user_ids)
            | partners.filtered(lambda p: p.commercial_partner_id & customers)
        )
        vals_list = []
        for partner, partner_leads in leads.grouped("partner_id").items():
            if partner and partner in excluded:
                continue
            for group in [partner_leads] if partner else list(partner_leads):
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "lead_ids": [Command.set(group.ids)],
                        "company_id": company.id,
                        "date_last_change": max(group.mapped("write_date")).date(),
                    }
                )
        return vals_list
