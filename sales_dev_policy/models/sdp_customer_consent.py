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
    ("portal", "Declared on the Customer Portal"),
    ("verbal", "Verbal, Recorded"),
    ("other", "Other"),
]
# P4.3.2 asks for *written* consent: a consent is in effect only when the company holds the
# writing. A signed form, an e-mail or a web form counts with its document attached (the signed
# page, the customer's e-mail, the form's record); a declaration on the customer portal counts
# by itself, as the module records who declared it, when, and the exact text they accepted.
# Verbal and other consents are recorded as such and permit no other use of the information.
SOURCES_WRITTEN_WITH_DOCUMENT = ("signed", "email", "web")
# Only the customer's own acceptance on the portal records these (controllers/consent.py).
DECLARATION_FIELDS = frozenset({"declaration_text", "declared_by_id", "date_declared"})
# What a consent or withdrawal says is fixed once recorded: a change of mind is a new dated
# record (a withdrawal, or a new consent), so the history of what the person agreed to, and
# when, is never rewritten (P4.3.2; PDPA Art. 7 and 20: the company proves the consent).
RECORDED_FIELDS = frozenset(
    {"partner_id", "company_id", "scope", "kind", "source", "date_consent", "user_id"}
    | DECLARATION_FIELDS
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
    declaration_text = fields.Text(
        string="Text Accepted",
        readonly=True,
        help="The declaration the person accepted on the customer portal, word for word.",
    )
    declared_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Declared by Portal User",
        readonly=True,
        help="The customer's own portal account that made the declaration.",
    )
    date_declared = fields.Datetime(string="Declared On", readonly=True)
    is_written = fields.Boolean(
        string="Written",
        compute="_compute_is_written",
        store=True,
        help="P4.3.2: the consent is in writing: a signed form, e-mail or web form with its "
        "document attached, or a declaration the person made on the customer portal. Only a "
        "written consent permits another use of the information.",
    )
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

    @api.depends("source", "document", "declaration_text", "declared_by_id", "date_declared")
    def _compute_is_written(self):
        for consent in self:
            if consent.source == "portal":
                consent.is_written = bool(
                    consent.declaration_text and consent.declared_by_id and consent.date_declared
                )
            else:
                consent.is_written = consent.source in SOURCES_WRITTEN_WITH_DOCUMENT and bool(
                    consent.document
                )

    @api.depends("date_consent", "date_valid_until", "active", "company_id", "kind", "is_written")
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
        company's calendar: written (where the company counts only written consents), active,
        begun, not expired, and no withdrawal of the same person, company and purpose recorded
        after them (same date: the later record wins) and in effect.
        """
        today = company._sdp_today()
        return SQL(
            """
            SELECT g.id, g.partner_id
              FROM sdp_customer_consent g
             WHERE g.company_id = %(company)s
               AND g.kind = 'grant'
               AND g.active
               AND (g.is_written OR NOT %(written_only)s)
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
            written_only=company.sdp_consent_written_only,
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
                if (vals.get("source") == "portal" or DECLARATION_FIELDS & set(vals)) and (
                    vals.get("kind") or defaults.get("kind")
                ) == "grant":
                    raise UserError(
                        self.env._(
                            "%(person)s: a declaration on the customer portal is recorded only "
                            "by the person's own acceptance there (P4.3.2). Record the signed "
                            "form, e-mail or web form they sent, with its document attached.",
                            person=self.env["res.partner"]
                            .browse(vals.get("partner_id"))
                            .display_name,
                        )
                    )
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
        if "document" in vals and not self.env.su and self.filtered("document"):
            raise UserError(
                self.env._(
                    "%(record)s: its document is the written proof of what the person agreed "
                    "to and stays as recorded (P4.3.2). Record a new consent or a withdrawal "
                    "with its own document instead.",
                    record=self.filtered("document")[:1].display_name,
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

    # ------------------------------------------------------------------ customer portal

    @api.model
    def _sdp_declaration_text(self, scope, kind, company):
        """The declaration a person accepts on the customer portal, in their language: what
        the consent or its withdrawal says, recorded word for word with it (P4.3.2)."""
        if kind == "withdrawal":
            texts = {
                "marketing": self.env._(
                    "I withdraw my consent to %(company)s using my name and contact details "
                    "for marketing. From today it sends me no marketing e-mails or text "
                    "messages.",
                    company=company.name,
                ),
                "sharing": self.env._(
                    "I withdraw my consent to %(company)s sharing my name and contact details "
                    "with third parties. From today it gives them to no one outside the "
                    "company.",
                    company=company.name,
                ),
                "other": self.env._(
                    "I withdraw my consent to %(company)s using my information for other "
                    "commercial purposes than our business relationship.",
                    company=company.name,
                ),
            }
        else:
            texts = {
                "marketing": self.env._(
                    "I agree that %(company)s may use my name and contact details to send me "
                    "marketing e-mails and text messages about its products, services and "
                    "events, until I withdraw this consent.",
                    company=company.name,
                ),
                "sharing": self.env._(
                    "I agree that %(company)s may share my name and contact details with the "
                    "third parties it works with (partners, distributors, service providers) "
                    "for their offers to me, until I withdraw this consent.",
                    company=company.name,
                ),
                "other": self.env._(
                    "I agree that %(company)s may use my information for other commercial "
                    "purposes than our business relationship, until I withdraw this consent.",
                    company=company.name,
                ),
            }
        return texts[scope]

    @api.model
    def _sdp_portal_declare(self, user, company, scope, kind):
        """Record the declaration ``user`` made on the customer portal, for their own contact:
        a consent (``kind`` "grant") or its withdrawal, with the text they accepted, when and
        by whom (P4.3.2: a written consent the person gave themselves)."""
        if scope not in dict(CONSENT_SCOPE) or kind not in dict(CONSENT_KIND):
            raise UserError(self.env._("Unknown purpose or decision."))
        return self.create(
            {
                "partner_id": user.partner_id.id,
                "company_id": company.id,
                "kind": kind,
                "scope": scope,
                "source": "portal",
                "date_consent": company._sdp_today(),
                "declaration_text": self.with_context(lang=user.lang)._sdp_declaration_text(
                    scope, kind, company
                ),
                "declared_by_id": user.id,
                "date_declared": fields.Datetime.now(),
                "user_id": user.id,
            }
        )

    @api.model
    def _sdp_portal_purposes(self, partner, company):
        """What the customer portal's page of consents shows ``partner``: each purpose, its
        text to accept (or to withdraw) and whether a consent is in effect."""
        names = dict(self._fields["scope"]._description_selection(self.env))
        purposes = []
        for scope, _label in CONSENT_SCOPE:
            given = partner.id in self._sdp_consenting_partner_ids(company, scope)
            purposes.append(
                {
                    "scope": scope,
                    "name": names[scope],
                    "given": given,
                    "kind": "withdrawal" if given else "grant",
                    "text": self._sdp_declaration_text(
                        scope, "withdrawal" if given else "grant", company
                    ),
                }
            )
        return purposes

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise_audit_record(self)
