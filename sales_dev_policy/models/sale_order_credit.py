"""Credit control of sale orders (P6.3.1, P6.3.2): the customer's credit summary on the order,
the credit part of the confirmation gate (serialised per customer), and a credit officer's release
of one order. The confirmation gate itself is in sale_order.py. Feature: credit."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, format_date, format_datetime

from .sdp_concurrency import serialize_on
from .sdp_credit_profile import CREDIT_STATES
from .sdp_duties import ensure_not_involved

# The to-do of a quotation waiting for a credit officer's release (P6.3.1).
CREDIT_RELEASE_ACTIVITY = "sales_dev_policy.mail_activity_type_sdp_credit_release"

# Fields only a credit officer's release writes (sale.order._sdp_credit_release).
CREDIT_PROTECTED_FIELDS = {
    "sdp_credit_released",
    "sdp_credit_release_reason",
    "sdp_credit_released_by_id",
    "sdp_credit_release_date",
    "sdp_credit_released_amount",
    "sdp_credit_released_partner_id",
    "sdp_credit_released_currency_id",
    "sdp_credit_is_held",
}
# What changes the credit gate's answer for one order (its customer, amount, currency): a held
# order whose answer changes is checked again (_sdp_credit_update_hold).
CREDIT_ORDER_FIELDS = {"partner_id", "order_line", "currency_id", "pricelist_id", "company_id"}
CREDIT_LINE_FIELDS = {"product_id", "product_uom_qty", "price_unit", "discount", "tax_id"}
CREDIT_GROUP = "sales_dev_policy.group_sdp_credit_officer"


class SaleOrder(models.Model):
    """Credit control of the order (P6.3)."""

    # A feature's part of the model lives in its file (docs/development.md, Where code lives).
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # Release of this one order by a credit officer (P6.3.1). copy=False: a duplicated order is
    # a new order and goes through the credit gate again.
    sdp_credit_released = fields.Boolean(
        string="Credit Released",
        copy=False,
        readonly=True,
        tracking=True,
        groups="sales_team.group_sale_salesman",
    )

    sdp_credit_release_reason = fields.Text(
        string="Credit Release Reason",
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )

    sdp_credit_released_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Credit Released By",
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )

    sdp_credit_release_date = fields.Datetime(
        string="Credit Released On",
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )

    # A release covers one order, for one customer, up to the amount released (P6.3.1).
    sdp_credit_released_amount = fields.Monetary(
        string="Credit Released Amount",
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )

    sdp_credit_released_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Credit Released For",
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )

    sdp_credit_released_currency_id = fields.Many2one(
        comodel_name="res.currency",
        string="Credit Released Currency",
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )

    # P6.3.1: the order is held by the credit control and waits for a credit officer's
    # release. Set when the customer accepted it online or the salesperson asked for a release
    # after a refusal; cleared by the release, the confirmation, the cancellation, or when the
    # credit gate no longer refuses it. Stored and indexed for the search filter and the
    # dashboards.
    sdp_credit_is_held = fields.Boolean(
        string="Waiting for Credit Release",
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
        help="The credit control refuses this order and it waits for a credit officer's "
        "release (P6.3.1): the customer accepted it online, or its salesperson asked for the "
        "release.",
        groups="sales_team.group_sale_salesman",
    )

    # Credit summary of the customer (computed with sudo(), see _compute_sdp_credit).
    sdp_credit_state = fields.Selection(
        selection=CREDIT_STATES,
        string="Customer Credit Status",
        compute="_compute_sdp_credit",
        groups="sales_team.group_sale_salesman",
    )

    sdp_credit_gate_on = fields.Boolean(
        related="company_id.sdp_credit_order_gate",
        groups="sales_team.group_sale_salesman",
    )

    sdp_credit_watch_mode = fields.Selection(
        related="company_id.sdp_credit_watch_mode", groups="sales_team.group_sale_salesman"
    )

    sdp_credit_company_currency_id = fields.Many2one(
        related="company_id.currency_id",
        string="Credit Currency",
        groups="sales_team.group_sale_salesman",
    )

    sdp_credit_limit = fields.Monetary(
        string="Customer Credit Limit",
        currency_field="sdp_credit_company_currency_id",
        compute="_compute_sdp_credit",
        groups="sales_team.group_sale_salesman",
    )

    sdp_credit_exposure = fields.Monetary(
        string="Exposure with this Order",
        currency_field="sdp_credit_company_currency_id",
        compute="_compute_sdp_credit",
        help="Open receivables + confirmed orders not yet invoiced + this order if it is not "
        "confirmed yet, in the company currency (P6.3.2).",
        groups="sales_team.group_sale_salesman",
    )

    sdp_credit_available = fields.Monetary(
        string="Credit Available after this Order",
        currency_field="sdp_credit_company_currency_id",
        compute="_compute_sdp_credit",
        groups="sales_team.group_sale_salesman",
    )

    sdp_credit_release_needed = fields.Boolean(
        string="Credit Release Needed",
        compute="_compute_sdp_credit_release_needed",
        groups="sales_team.group_sale_salesman",
        help="The credit control refuses this quotation as it stands (P6.3.1): only a credit "
        "officer's release lets it be confirmed. Drives the release buttons of the order form.",
    )

    @api.depends(
        "partner_id",
        "company_id",
        "amount_total",
        "currency_id",
        "state",
        "sdp_credit_released",
        "sdp_credit_is_held",
    )
    @api.depends_context("uid")
    def _compute_sdp_credit_release_needed(self):
        quotations = self.filtered(
            lambda o: isinstance(o.id, int)
            and o.state in ("draft", "sent")
            and o.company_id.sdp_credit_order_gate
        )
        # Each quotation alone, as it would be confirmed (see _sdp_credit_update_hold). Read by
        # the order form only (one order): the buttons are offered where they can work.
        refused = {order.id for order in quotations if order._sdp_credit_refusals()}
        for order in self:
            order.sdp_credit_release_needed = order.id in refused

    @api.depends("partner_id", "company_id", "amount_total", "currency_id", "state")
    @api.depends_context("uid")
    def _compute_sdp_credit(self):
        profile_model = self.env["sdp.credit.profile"]
        # P4.3.3: the same customers whose credit summary the user sees on the customer form
        # (res.partner._sdp_credit_summary_allowed); an order of another salesperson's customer
        # that the user can open (unassigned, or assigned to them) shows no credit figures.
        allowed = self.partner_id._sdp_credit_summary_allowed()
        hidden = self.filtered(lambda o: o.partner_id not in allowed)
        hidden.sdp_credit_state = False
        hidden.sdp_credit_limit = hidden.sdp_credit_exposure = hidden.sdp_credit_available = 0.0
        for company, orders in (self - hidden).grouped("company_id").items():
            if not company:
                orders.sdp_credit_state = "not_assessed"
                orders.sdp_credit_limit = orders.sdp_credit_exposure = 0.0
                orders.sdp_credit_available = 0.0
                continue
            # sudo inside the helpers: the salesperson sees only this summary of their
            # customer's credit (status, limit, exposure, available), never the credit file.
            profiles = profile_model._get_profiles(orders.partner_id, company)
            exposure = profile_model._get_exposure(orders.partner_id, company)
            for order in orders:
                commercial_id = order.partner_id.commercial_partner_id.id
                profile = profiles.get(commercial_id)
                amount = sum(exposure.get(commercial_id, (0.0, 0.0)))
                if order.state in ("draft", "sent"):
                    amount += order._sdp_amount_company_currency()
                order.sdp_credit_state = profile.state if profile else "not_assessed"
                order.sdp_credit_limit = profile.limit_in_force if profile else 0.0
                order.sdp_credit_exposure = amount
                order.sdp_credit_available = order.sdp_credit_limit - amount

    def _sdp_amount_company_currency(self):
        """Order total in the company currency at today's rate (see _get_exposure)."""
        self.ensure_one()
        return self.currency_id._convert(
            self.amount_total,
            self.company_id.currency_id,
            self.company_id,
            fields.Date.context_today(self),
        )

    def _sdp_prepaid_company_currency(self):
        """What the customer already paid online for this order and the books do not hold yet
        (a done payment transaction without its posted payment), in the company currency at
        today's rate. Once posted, the payment is a credit on the customer's receivables and the
        exposure counts it there (P6.3.1: money received is no credit risk)."""
        self.ensure_one()
        # sudo: the order's own payments, read for their amounts only.
        transactions = self.sudo().transaction_ids.filtered(
            lambda tx: tx.state == "done" and not tx.payment_id
        )
        today = fields.Date.context_today(self)
        company = self.company_id
        return sum(
            tx.currency_id._convert(tx.amount, company.currency_id, company, today)
            for tx in transactions
        )

    def _sdp_credit_hold(self, refusals):
        """The customer accepted online an order the credit gate refuses: hold it until a credit
        officer releases it (P6.3.1) and tell the people."""
        # sudo: called from the portal/payment flows (public user); only sets the protected hold
        # flag and posts an internal note and activities on the order for internal users.
        self._sdp_as_odoobot()._sdp_credit_set_held(
            {
                order: self.env._(
                    "The customer accepted this order online but it cannot be confirmed yet: "
                    "%(refusal)s",
                    refusal=message,
                )
                for order, message in refusals.items()
            },
            refusals,
            self.env._("Customer waiting for a credit release (P6.3.1)"),
        )

    def _sdp_credit_set_held(self, bodies, refusals, summary):
        """Mark ``self`` as waiting for a credit officer's release (P6.3.1): a note
        (``bodies[order]``) to the salesperson and the credit officer, and an activity each."""
        officer = self.env["sdp.credit.profile"]._sdp_credit_officer()
        for order in self:
            if not order.sdp_credit_is_held:
                order.sdp_credit_is_held = True
            order.message_post(
                body=bodies[order],
                partner_ids=(order.user_id | officer).partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            for user in order.user_id | officer:
                order.activity_schedule(
                    CREDIT_RELEASE_ACTIVITY,
                    user_id=user.id,
                    summary=summary,
                    note=refusals[order],
                )

    def _sdp_credit_close_todos(self):
        """The orders of ``self`` were confirmed or cancelled: the to-dos of their credit
        release are done (confirmed) or gone (cancelled)."""
        # sudo: the release to-dos of these orders, whoever they were given to. Only a released
        # order has one left (a held order's go with the hold, _sdp_credit_clear_hold).
        released = self.sudo().filtered("sdp_credit_released")
        confirmed = released.filtered(lambda o: o.state == "sale")
        if confirmed:
            confirmed.activity_feedback([CREDIT_RELEASE_ACTIVITY])
        if released - confirmed:
            (released - confirmed).activity_unlink([CREDIT_RELEASE_ACTIVITY])

    def _sdp_credit_clear_hold(self):
        """The orders of ``self`` no longer wait for a credit release (released, confirmed,
        cancelled, or the credit gate no longer refuses them)."""
        # sudo: only clears the protected hold flag, a consequence of the flow that calls this
        # (a release, a confirmation, a cancellation or a credit check that passes).
        held = self.sudo().filtered("sdp_credit_is_held")
        if held:
            held.write({"sdp_credit_is_held": False})
            # Nobody waits for a release any more: the to-dos go (P6.3.1).
            held.activity_unlink([CREDIT_RELEASE_ACTIVITY])

    def _sdp_credit_update_hold(self):
        """Held quotations of ``self`` that the credit gate no longer refuses (smaller amount,
        limit raised, credit approved, gate switched off) stop waiting for a release."""
        # sudo: reads the protected flag and the credit answer only; clears what no longer holds.
        held = self.sudo().filtered(lambda o: o.sdp_credit_is_held and o.state in ("draft", "sent"))
        # Each order alone, as it would be confirmed: held quotations of one customer are not
        # confirmed together, so they must not count against each other here.
        held.filtered(lambda o: not o._sdp_credit_refusals())._sdp_credit_clear_hold()

    def _sdp_credit_check_releasable(self):
        """A release (or a request for one) is only for a quotation (P6.3.1)."""
        if self.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "Sale order %(order)s is not a quotation any more: there is nothing to "
                    "release (P6.3.1).",
                    order=self.name,
                )
            )

    def action_sdp_credit_request_release(self):
        """The salesperson asks a credit officer to release a quotation the credit control
        refuses (P6.3.1): the order is marked as waiting, the credit officer gets an activity."""
        self.ensure_one()
        self.check_access("write")
        self._sdp_credit_check_releasable()
        # sudo: reads the protected flag only.
        if self.sudo().sdp_credit_is_held:
            raise UserError(
                self.env._(
                    "Sale order %(order)s already waits for a credit officer's release "
                    "(P6.3.1).",
                    order=self.name,
                )
            )
        refusal = self._sdp_credit_refusals().get(self)
        if not refusal:
            raise UserError(
                self.env._(
                    "The credit control does not refuse sale order %(order)s: confirm it, no "
                    "credit release is needed (P6.3.1).",
                    order=self.name,
                )
            )
        # sudo: sets the protected hold flag only after the credit gate refused this order just
        # above, and posts a note and activities for the salesperson and the credit officer.
        self.sudo()._sdp_credit_set_held(
            {
                self: self.env._(
                    "%(user)s asked a credit officer to release this order: %(refusal)s",
                    user=self.env.user.name,
                    refusal=refusal,
                )
            },
            {self: refusal},
            self.env._("Credit release requested (P6.3.1)"),
        )
        return True

    def _sdp_credit_release_covers(self):
        """A credit officer's release covers this order as it is now: same customer, same
        currency, not more than the amount released (P6.3.1)."""
        self.ensure_one()
        return bool(
            self.sdp_credit_released
            and self.sdp_credit_released_partner_id == self.partner_id.commercial_partner_id
            and self.sdp_credit_released_currency_id == self.currency_id
            and self.currency_id.compare_amounts(self.amount_total, self.sdp_credit_released_amount)
            <= 0
        )

    def _sdp_credit_refusals(self, lock=False):
        """``{order: message}`` for the orders of ``self`` the credit gate refuses (P6.3.1).

        ``lock``: serialise with every other confirmation for the same customers (the gate
        passes it; read-only callers such as the release wizard do not). Two transactions that
        each read the exposure without the other's order would together exceed the limit;
        updating the customer's credit profile row first makes the later one fail with a
        serialisation error, and Odoo retries it with a snapshot that sees the first order.
        """
        refusals = {}
        profile_model = self.env["sdp.credit.profile"]
        to_check = self.filtered(lambda o: o.company_id.sdp_credit_order_gate)
        for company, orders in to_check.grouped("company_id").items():
            # sudo: which commercial entity each order's customer belongs to, to find its credit
            # profile and exposure; the order already shows its customer to whoever confirms
            # it. Read without the customer rule and its per-field group checks, which cost
            # more than the credit check itself when orders are confirmed one by one.
            entity = {order.id: order.sudo().partner_id.commercial_partner_id for order in orders}
            entity_ids = list(dict.fromkeys(p.id for p in entity.values()))
            partners = self.env["res.partner"].sudo().browse(entity_ids)  # sudo: as just above
            profiles = profile_model._get_profiles(partners, company)
            if lock and profiles:
                # The serialisation conflict this provokes is expected traffic that Odoo
                # retries: serialize_on runs it without logging a "bad query" ERROR.
                serialize_on(profile_model.browse([p.id for p in profiles.values()]))
            exposure = profile_model._get_exposure(partners, company, exclude_orders=orders)
            new_amounts = {}
            for order in orders:
                commercial_id = entity[order.id].id
                # One arithmetic for the gate and the exposure (P6.3.2): an order counts what
                # it adds, never less than nothing; the exposure counts a negative order as
                # zero, so a negative order confirmed with a real one must not net the batch
                # under the limit.
                # What the customer already paid online is no credit (the assessment of the
                # customer still applies: a paid order of a blocked customer is refused).
                new_amounts[commercial_id] = new_amounts.get(commercial_id, 0.0) + max(
                    order._sdp_amount_company_currency() - order._sdp_prepaid_company_currency(),
                    0.0,
                )
            currency = company.currency_id
            for order in orders.filtered(lambda o: not o._sdp_credit_release_covers()):
                partner = entity[order.id]
                profile = profiles.get(partner.id)
                what_to_do = self.env._(
                    "Request a credit assessment from the customer form, or ask a credit officer "
                    "to release this order."
                )
                if profile and profile.state == "blocked":
                    message = self.env._(
                        "Sale order %(order)s cannot be confirmed: the credit of %(partner)s is "
                        "blocked (P6.3.1: avoid customers with bad credit). Ask a credit officer "
                        "to review the customer or release this order.",
                        order=order.name,
                        partner=partner.display_name,
                    )
                    # The reason is the credit file's (P4.3.3, P6.3.1): shown to the credit
                    # officers who read it, never quoted to the salesperson.
                    if self.env.user.has_group(CREDIT_GROUP):
                        message = self.env._(
                            "%(refusal)s Reason recorded by the credit officer: %(reason)s",
                            refusal=message,
                            reason=profile.block_reason or "",
                        )
                elif not profile or not profile.is_valid:
                    if profile and profile.state in ("approved", "watch", "review_needed"):
                        status = self.env._(
                            "its credit review was due on %(date)s",
                            date=format_date(self.env, profile.date_next_review),
                        )
                    else:
                        status = self.env._("its credit has not been approved")
                    message = self.env._(
                        "Sale order %(order)s cannot be confirmed: %(partner)s has no valid "
                        "credit profile (%(status)s) (P6.3.1: assess each customer's credit). "
                        "%(todo)s",
                        order=order.name,
                        partner=partner.display_name,
                        status=status,
                        todo=what_to_do,
                    )
                elif profile.state == "watch" and company.sdp_credit_watch_mode == "release":
                    # P6.3.2: the company chose that a customer on watch buys only what a
                    # credit officer releases, order by order.
                    message = self.env._(
                        "Sale order %(order)s cannot be confirmed: %(partner)s is on credit "
                        "watch and %(company)s requires a credit officer's release of each of "
                        "its orders (P6.3.1, P6.3.2). Ask a credit officer to release this "
                        "order.",
                        order=order.name,
                        partner=partner.display_name,
                        company=company.name,
                    )
                else:
                    receivable, ordered = exposure.get(partner.id, (0.0, 0.0))
                    total = receivable + ordered + new_amounts[partner.id]
                    limit = profile.limit_in_force
                    if currency.compare_amounts(total, limit) <= 0:
                        continue
                    message = self.env._(
                        "Sale order %(order)s cannot be confirmed: the exposure of %(partner)s "
                        "would be %(total)s (open receivables %(receivable)s, orders not "
                        "invoiced %(ordered)s, this confirmation %(new)s), over its credit limit "
                        "of %(limit)s (P6.3.1). Collect payment, reduce the order, or ask a "
                        "credit officer to raise the limit or release this order.",
                        order=order.name,
                        partner=partner.display_name,
                        total=format_amount(self.env, total, currency),
                        receivable=format_amount(self.env, receivable, currency),
                        ordered=format_amount(self.env, ordered, currency),
                        new=format_amount(self.env, new_amounts[partner.id], currency),
                        limit=format_amount(self.env, limit, currency),
                    )
                    if profile.state == "watch" and company.sdp_credit_watch_mode == "reduce":
                        message = self.env._(
                            "%(refusal)s While on credit watch the limit is %(limit)s reduced by "
                            "%(percent)s%% (P6.3.2).",
                            refusal=message,
                            limit=format_amount(self.env, profile.credit_limit, currency),
                            percent=company.sdp_credit_watch_reduction,
                        )
                if order.sdp_credit_released:
                    message = self.env._(
                        "%(refusal)s Its credit release no longer covers it (released for "
                        "%(amount)s to %(partner)s): ask a credit officer to release it again.",
                        refusal=message,
                        amount=format_amount(
                            self.env,
                            order.sdp_credit_released_amount,
                            order.sdp_credit_released_currency_id or order.currency_id,
                        ),
                        partner=order.sdp_credit_released_partner_id.display_name or "",
                    )
                refusals[order] = message
        return refusals

    def _sdp_credit_release(self, reason):
        """A credit officer releases this quotation from the credit gate (P6.3.1), for this
        customer and up to its amount now; logged on the order and in the release log.

        Private: the release wizard collects the reason and calls it.
        """
        self.ensure_one()
        user = self.env.user
        if not user.has_group(CREDIT_GROUP):
            raise AccessError(
                self.env._(
                    "Only a credit officer can release sale order %(order)s from the credit "
                    "control (P6.3.1).",
                    order=self.name,
                )
            )
        self.check_access("read")
        ensure_not_involved(
            self,
            lambda order: order.user_id | order.create_uid,
            lambda order: self.env._(
                "Sale order %(order)s: you sell or created it, so you cannot release it from "
                "the credit control yourself; another credit officer must (P6.3.1).",
                order=order.name,
            ),
        )
        self._sdp_credit_check_releasable()
        if not (reason or "").strip():
            raise UserError(
                self.env._("Give the reason for releasing sale order %(order)s.", order=self.name)
            )
        # Two officers releasing at once (two servers): the second waits here, is retried on a
        # fresh snapshot and sees the first release (see sdp_concurrency.py).
        serialize_on(self)
        if self._sdp_credit_release_covers():
            raise UserError(
                self.env._(
                    "Sale order %(order)s is already released from the credit control by "
                    "%(user)s on %(date)s, for %(amount)s: there is nothing to release "
                    "(P6.3.1).",
                    order=self.name,
                    user=self.sdp_credit_released_by_id.name,
                    date=format_datetime(self.env, self.sdp_credit_release_date),
                    amount=format_amount(
                        self.env,
                        self.sdp_credit_released_amount,
                        self.sdp_credit_released_currency_id,
                    ),
                )
            )
        profile_model = self.env["sdp.credit.profile"]
        partner = self.partner_id.commercial_partner_id
        profile = profile_model._get_profiles(partner, self.company_id).get(partner.id)
        receivable, ordered = profile_model._get_exposure(partner, self.company_id).get(
            partner.id, (0.0, 0.0)
        )
        refusal = self._sdp_credit_refusals().get(self, False)
        # sudo: the release fields and the release log are written by this flow only, after
        # the officer's group and independence were checked above.
        self.sudo().write(
            {
                "sdp_credit_released": True,
                "sdp_credit_release_reason": reason,
                "sdp_credit_released_by_id": user.id,
                "sdp_credit_release_date": fields.Datetime.now(),
                "sdp_credit_released_amount": self.amount_total,
                "sdp_credit_released_partner_id": partner.id,
                "sdp_credit_released_currency_id": self.currency_id.id,
                "sdp_credit_is_held": False,
            }
        )
        # sudo: the release log is written by this flow only (nobody has create access).
        self.env["sdp.credit.release"].sudo().create(
            {
                "order_id": self.id,
                "order_name": self.name,
                "partner_id": partner.id,
                "company_id": self.company_id.id,
                "user_id": user.id,
                "reason": reason,
                "amount_total": self.amount_total,
                "order_currency_id": self.currency_id.id,
                "exposure": receivable + ordered + self._sdp_amount_company_currency(),
                "credit_limit": profile.limit_in_force if profile else 0.0,
                "refusal": refusal,
            }
        )
        salesperson = self.user_id
        self.message_post(
            body=self.env._(
                "Released from the credit control (P6.3.1) by %(user)s for %(amount)s: "
                "%(reason)s",
                user=user.name,
                amount=format_amount(self.env, self.amount_total, self.currency_id),
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
            partner_ids=salesperson.partner_id.ids,
        )
        # The wait is over: the credit officer's and the salesperson's to-dos are done, and the
        # salesperson's next step is to confirm the quotation (P6.3.1).
        # sudo: the to-dos of this order's release, including the salesperson's own.
        self.sudo().activity_feedback(
            [CREDIT_RELEASE_ACTIVITY],
            feedback=self.env._("Released by %(user)s.", user=user.name),
        )
        if salesperson:
            # sudo: a to-do for the salesperson of the order, who may not be the officer's
            # to assign work to otherwise.
            self.sudo().activity_schedule(
                CREDIT_RELEASE_ACTIVITY,
                user_id=salesperson.id,
                summary=self.env._("Credit released: confirm the quotation"),
                note=self.env._(
                    "%(user)s released this quotation from the credit control for %(amount)s: "
                    "confirm it while it stays within that amount.",
                    user=user.name,
                    amount=format_amount(self.env, self.amount_total, self.currency_id),
                ),
            )
        return True

    def action_sdp_credit_release(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release Credit"),
            "res_model": "sale.order.credit.release",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }


class SaleOrderLine(models.Model):
    """A held quotation whose amount changes is checked again (P6.3.1)."""

    # A feature's part of the model lives in its file (docs/development.md, Where code lives).
    _inherit = "sale.order.line"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._sdp_credit_update_hold()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if CREDIT_LINE_FIELDS & set(vals):
            self.order_id._sdp_credit_update_hold()
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders.exists()._sdp_credit_update_hold()
        return res
