"""Customers' written consents to use their information for other purposes (P4.3.2).
Feature: customer information."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .sdp_permit import raise_audit_record

CONSENT_SCOPE = [
    ("marketing", "Marketing"),
    ("sharing", "Sharing with Third Parties"),
    ("other", "Other Commercial Use"),
]
CONSENT_KIND = [
    ("grant", "Consent"),
    ("withdrawal", "Withdrawal"),
]
CONSENT_SOURCE = [
    ("signed", "Signed Form"),
    ("email", "E-mail"),
    ("web", "Web Form"),
    ("verbal", "Verbal, Recorded"),
    ("other", "Other"),
]
# What a consent or withdrawal says is fixed once recorded: a change of mind is a new dated
# record (a withdrawal, or a new consent), so the history of what the person agreed to, and
# when, is never rewritten (P4.3.2; PDPA Art. 7 and 20: the company proves the consent).
RECORDED_FIELDS = frozenset(
    {"partner_id", "company_id", "scope", "kind", "source", "date_consent", "user_id"}
)


class SdpCustomerConsent(models.Model):
    """A person's written consent to use their information for one purpose, for one company
    (P4.3.2), or the withdrawal of it: each is its own dated record."""

    _name = "sdp.customer.consent"
    _description = "Customer Consent (Policy)"
    _inherit = ["mail.thread"]
    _order = "date_consent desc, id desc"
    _check_company_auto = True
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Data Subject",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
        help="The contact who consented: a consent is personal, it does not cover the other "
        "contacts of the same company.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The company the consent was given to; another company of the group needs its own.",
    )
    kind = fields.Selection(
        selection=CONSENT_KIND,
        string="Record",
        required=True,
        default="grant",
        index=True,
        tracking=True,
        help="A withdrawal takes effect on its date and ends every earlier consent of the same "
        "person, company and purpose.",
    )
    scope = fields.Selection(
        selection=CONSENT_SCOPE,
        string="Purpose",
        required=True,
        default="marketing",
        index=True,
        tracking=True,
    )
    source = fields.Selection(
        selection=CONSENT_SOURCE,
        required=True,
        default="signed",
        tracking=True,
        help="How the person gave (or withdrew) it.",
    )
    date_consent = fields.Date(
        string="Date",
        required=True,
        default=lambda self: self.env.company._sdp_today(),
        tracking=True,
    )
    date_valid_until = fields.Date(
        string="Valid Until", index=True, tracking=True, help="Empty: valid until withdrawn."
    )
    document = fields.Binary(string="Signed Document", attachment=True)
    document_name = fields.Char()
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    note = fields.Text(string="Notes")
    active = fields.Boolean(
        default=True,
        tracking=True,
        help="Archive only a record entered by mistake; a person who changes their mind gets a "
        "withdrawal record.",
    )
    is_valid = fields.Boolean(string="Valid", compute="_compute_is_valid")

    _sql_constraints = [
        (
            "date_valid_until_check",
            "CHECK(date_valid_until IS NULL OR date_valid_until >= date_consent)",
            "A consent cannot expire before it was given (P4.3.2).",
        ),
        (
            "withdrawal_no_validity_check",
            "CHECK(kind = 'grant' OR date_valid_until IS NULL)",
            "A withdrawal has no end date: it lasts until a new consent (P4.3.2).",
        ),
    ]

    @api.constrains("kind", "date_consent", "date_valid_until")
    def _check_validity_dates(self):
        for consent in self:
            consent._sdp_check_dates(
                consent.kind, consent.date_consent, consent.date_valid_until, consent
            )

    def _sdp_check_dates(self, kind, date_consent, date_valid_until, record):
        # In front of the SQL constraints (create inserts before Python constraints run): a
        # clear message naming the record (the consent, or the person of one being created),
        # and no ERROR in the log.
        if kind == "withdrawal" and date_valid_until:
            raise ValidationError(
                self.env._(
                    "%(record)s: a withdrawal has no end date: it lasts until a new consent "
                    "(P4.3.2).",
                    record=record.display_name,
                )
            )
        if date_valid_until and date_consent and date_valid_until < date_consent:
            raise ValidationError(
                self.env._(
                    "%(record)s: a consent cannot expire before it was given (P4.3.2).",
                    record=record.display_name,
                )
            )

    @api.depends("date_consent", "date_valid_until", "active", "company_id", "kind")
    @api.depends_context("date")
    def _compute_is_valid(self):
        # Validity is judged on the consent's company's calendar (P4.3.2), whoever reads it.
        saved = self.filtered("id")
        for consent in self - saved:
            consent.is_valid = False
        if not saved:
            return
        valid = set()
        for company, consents in saved.grouped("company_id").items():
            valid |= self._sdp_valid_grant_ids(company, consents.ids)
        for consent in saved:
            consent.is_valid = consent.id in valid

    @api.model
    def _sdp_valid_grants_sql(self, company, scope=None, grant_ids=None):
        """SQL selecting ``(id, partner_id)`` of the consents of ``company`` valid today on the
        company's calendar: active, begun, not expired, and no withdrawal of the same person,
        company and purpose recorded after them (same date: the later record wins) and in effect.
        """
        today = company._sdp_today()
        return SQL(
            """
            SELECT g.id, g.partner_id
              FROM sdp_customer_consent g
             WHERE g.company_id = %(company)s
               AND g.kind = 'grant'
               AND g.active
               AND %(scope_clause)s
               AND %(ids_clause)s
               AND g.date_consent <= %(today)s
               AND (g.date_valid_until IS NULL OR g.date_valid_until >= %(today)s)
               AND NOT EXISTS (
                   SELECT 1
                     FROM sdp_customer_consent w
                    WHERE w.kind = 'withdrawal'
                      AND w.active
                      AND w.partner_id = g.partner_id
                      AND w.company_id = g.company_id
                      AND w.scope = g.scope
                      AND w.date_consent <= %(today)s
                      AND (w.date_consent, w.id) > (g.date_consent, g.id)
               )
            """,
            company=company.id,
            today=today,
            scope_clause=SQL("g.scope = %s", scope) if scope else SQL("TRUE"),
            ids_clause=SQL("g.id = ANY(%s)", list(grant_ids))
            if grant_ids is not None
            else SQL("TRUE"),
        )

    @api.model
    def _sdp_valid_grant_ids(self, company, grant_ids):
        self.flush_model()
        rows = self.env.execute_query(self._sdp_valid_grants_sql(company, grant_ids=grant_ids))
        return {grant_id for grant_id, _partner_id in rows}

    @api.model
    def _sdp_consenting_partner_ids(self, company, scope="marketing"):
        """The people (contacts) with a valid consent of ``scope`` for ``company`` today."""
        self.flush_model()
        rows = self.env.execute_query(self._sdp_valid_grants_sql(company, scope=scope))
        return {partner_id for _grant_id, partner_id in rows}

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        defaults = self.default_get(["kind", "date_consent"])
        for vals in vals_list:
            self._sdp_check_dates(
                vals.get("kind") or defaults.get("kind"),
                fields.Date.to_date(vals.get("date_consent") or defaults.get("date_consent")),
                fields.Date.to_date(vals.get("date_valid_until")),
                self.env["res.partner"].browse(vals.get("partner_id")),
            )
            if not self.env.su:
                # Who recorded it is the person recording it, not what the caller says.
                vals["user_id"] = self.env.uid
        return super().create(vals_list)

    def write(self, vals):
        changed = RECORDED_FIELDS & set(vals)
        if changed and not self.env.su:
            raise UserError(
                self.env._(
                    "%(record)s: what a consent or withdrawal records (%(fields)s) cannot be "
                    "changed; record a withdrawal or a new consent instead (P4.3.2).",
                    record=self[:1].display_name,
                    fields=", ".join(
                        self._fields[f].get_description(self.env)["string"] for f in sorted(changed)
                    ),
                )
            )
        if "active" in vals and not self.env.su:
            if not self.env.user.has_group("sales_team.group_sale_manager"):
                raise AccessError(
                    self.env._(
                        "Only a Sales Manager archives or restores a consent record entered by "
                        "mistake; a person who changes their mind gets a withdrawal (P4.3.2)."
                    )
                )
        return super().write(vals)

    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        scopes = dict(self._fields["scope"]._description_selection(self.env))
        for consent in self:
            consent.display_name = self.env._(
                "%(kind)s of %(person)s: %(purpose)s, %(date)s",
                kind=kinds.get(consent.kind, ""),
                person=consent.partner_id.display_name or "",
                purpose=scopes.get(consent.scope, ""),
                date=consent.date_consent or "",
            )

    # ------------------------------------------------------------------ actions

    def action_withdraw(self):
        """Open the withdrawal of this consent, dated today, to record how the person withdrew
        it (and their written proof); it takes effect when saved."""
        self.ensure_one()
        self.check_access("write")
        if self.kind != "grant" or not self.is_valid:
            raise UserError(
                self.env._(
                    "%(consent)s is not a consent in effect: there is nothing to withdraw "
                    "(P4.3.2).",
                    consent=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Withdrawal"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_kind": "withdrawal",
                "default_partner_id": self.partner_id.id,
                "default_company_id": self.company_id.id,
                "default_scope": self.scope,
            },
        }

    @api.model
    def _sdp_withdraw(self, partners, company, scope="marketing", source="other", note=False):
        """Record, dated today, that ``partners`` withdrew their ``scope`` consent to
        ``company``: it takes effect at once (P4.3.2; PDPA Art. 20)."""
        return self.create(
            [
                {
                    "kind": "withdrawal",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "scope": scope,
                    "source": source,
                    "note": note,
                    "date_consent": company._sdp_today(),
                }
                for partner in partners
            ]
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise_audit_record(self)
