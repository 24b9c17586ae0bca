"""Customer information switches of a company: who sees customers, exports, marketing consent,
review interval (P4.2.2, P4.3). Feature: customer information."""

from psycopg2.extras import Json

from odoo import api, fields, models
from odoo.tools import SQL, ormcache


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    sdp_restrict_customers = fields.Boolean(
        string="Restrict Customers to Their Salesperson",
        help="P4.3.3: salespeople only see the customers they own, follow or that have no "
        "salesperson; team leaders also those of their team members. Off: standard Odoo.",
    )
    sdp_restrict_export = fields.Boolean(
        string="Restrict Exports to Managers",
        help="P4.3.1: only sales managers may export leads and customers.",
    )
    sdp_marketing_consent_only = fields.Boolean(
        string="Marketing Only with Consent",
        help="P4.3.2: mass mailings (with the sales_dev_policy_mass_mailing add-on) send nothing "
        "to customers without a valid written marketing consent. Off: standard Odoo.",
    )
    sdp_consent_written_only = fields.Boolean(
        string="Consents Count Only in Writing",
        default=True,
        help="P4.3.2: a consent permits another use of a person's information only when it is "
        "written: a signed form, e-mail or web form with its document attached, or a "
        "declaration the person made on the customer portal. Verbal consents are recorded "
        "but permit nothing. Off: every recorded consent counts.",
    )
    sdp_review_interval_days = fields.Integer(
        string="Customer Review Interval (days)",
        default=180,
        help="P4.2.2: a customer record not reviewed for this many days gets an update "
        "activity for its salesperson. 0 disables the reminder.",
    )

    sdp_privacy_notice = fields.Html(
        string="Privacy Notice",
        translate=True,
        sanitize=True,
        default=lambda self: self._sdp_default_privacy_notice(),
        help="PDPA Art. 8 (PDPO DPP1(3)): what a person is told when their data is collected: "
        "who collects it, for what purposes, what data, for how long, where and by whom it is "
        "used, their rights and what happens if they do not give it. Shown on leads and "
        "contacts, whose salesperson records when and how it was given.",
    )

    def _sdp_default_privacy_notice(self):
        return self.env._(
            "<p><b>Privacy notice</b> (Personal Data Protection Act, Art. 8)</p>"
            "<ol>"
            "<li>Who collects your data: our company, for the development of our business "
            "relationship with you.</li>"
            "<li>Purposes: customer management, quotations, contracts and their performance, "
            "credit assessment, and marketing only with your written consent.</li>"
            "<li>Data collected: identification and contact details, business needs and "
            "transactions.</li>"
            "<li>Period, area, recipients and means of use: for as long as the relationship and "
            "the law require, where we operate, by our staff and the service providers who "
            "support them, electronically and on paper.</li>"
            "<li>Your rights (Art. 3): to inquire about and review your data, to ask for a "
            "copy, to supplement or correct it, to ask us to stop collecting, processing or "
            "using it, and to have it deleted.</li>"
            "<li>You may choose not to give your data; we may then be unable to provide a "
            "quotation or service.</li>"
            "</ol>"
        )

    def _sdp_translate_default_privacy_notice(self, langs=None):
        """Give each company whose notice is still the module's default that default in every
        installed language (``langs``: only those), in place of the one language it was created
        in: a company that existed before the module got the notice in the install language,
        and a language installed later would show that text. A notice the company has written
        itself, in any language, is left as it is."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        langs = {"en_US"} | (installed & set(langs) if langs else installed)
        field = self._fields["sdp_privacy_notice"]
        companies = self or self.search([])
        if not companies:
            return
        defaults = {
            # Stored values are sanitized: compare and write the sanitized defaults.
            lang: field.convert_to_cache(
                self.with_context(lang=lang)._sdp_default_privacy_notice(), companies[:1]
            )
            for lang in langs
        }
        known = set(defaults.values())
        companies.flush_model(["sdp_privacy_notice"])
        self.env.cr.execute(
            SQL(
                "SELECT id, sdp_privacy_notice FROM res_company WHERE id IN %s",
                tuple(companies.ids),
            )
        )
        stored_by_id = dict(self.env.cr.fetchall())
        for company in companies:
            stored = stored_by_id.get(company.id) or {}
            if stored.get("en_US") not in known:
                # The company wrote its own notice (or none); other languages fall back to it.
                continue
            translations = {
                lang: value
                for lang, value in defaults.items()
                if stored.get(lang, stored["en_US"]) in known and stored.get(lang) != value
            }
            if translations:
                # The whole text per language: update_field_translations of an HTML field
                # translates term by term, from the English text.
                self.env.cr.execute(
                    SQL(
                        "UPDATE res_company SET sdp_privacy_notice = sdp_privacy_notice || %s "
                        "WHERE id = %s",
                        Json(translations),
                        company.id,
                    )
                )
                company.invalidate_recordset(["sdp_privacy_notice"])
                company.modified(["sdp_privacy_notice"])

    def _sdp_settings_checked_fields(self):
        return super()._sdp_settings_checked_fields() + [
            "sdp_review_interval_days",
        ]

    def _sdp_settings_problems(self):
        problems = super()._sdp_settings_problems()
        for fname in ("sdp_review_interval_days",):
            if self[fname] < 0:
                problems.append(
                    self.env._(
                        "%(setting)s cannot be negative", setting=self._sdp_setting_label(fname)
                    )
                )
        return problems

    @api.model
    @ormcache()
    def _sdp_restricting_company_ids(self):
        """Ids of the companies that restrict their customers (P4.3.3), for the record rules
        (ir.rule._eval_context) and the checks of documents; cached, cleared with the registry
        cache when the switch changes (create/write below)."""
        # sudo: reads only which companies have the switch on, no other company data.
        return tuple(self.sudo().search([("sdp_restrict_customers", "=", True)]).ids)

    @api.model
    @ormcache()
    def _sdp_open_company_ids(self):
        """Ids of the companies, archived ones included, whose customers are not restricted
        (res.partner._sdp_visible_partners_sql); cached and cleared as the restricting ones."""
        # sudo: reads only which companies exist, no other company data.
        every = self.sudo().with_context(active_test=False).search([]).ids
        return tuple(sorted(set(every) - set(self._sdp_restricting_company_ids())))

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._sdp_translate_default_privacy_notice()
        # The record rules list the restricting and the other companies (ir.rule._eval_context,
        # res.partner._sdp_visible_partners_sql) and their domains are cached: drop the cache
        # so the new company applies at once.
        self.env.registry.clear_cache()
        self.env["res.partner"].invalidate_model(["sdp_customer_visible"])
        return companies

    def write(self, vals):
        res = super().write(vals)
        if "sdp_restrict_customers" in vals or "active" in vals:
            # The record rules read this switch through ir.rule's evaluation context, and
            # their domains are cached: drop the cache so the new setting applies at once.
            self.env.registry.clear_cache()
            self.env["res.partner"].invalidate_model(["sdp_customer_visible"])
        return res
