"""Required customer information and its completeness score (P4.1.3, P4.2.1).
Feature: customer information."""

from odoo import api, fields, models, tools

from .sdp_concurrency import run_batch, serialize_on

INFO_CATEGORY = [
    ("basic", "Basic Information"),
    ("business", "Business Information"),
    ("needs", "Needs"),
    ("transactions", "Transactions"),
]
INFO_MODELS = ["crm.lead", "res.partner"]
# Re-scoring after a requirement changed: the scheduled action, and per model the id after which
# records remain to re-score (absent: nothing to do).
RESCORE_CRON = "sales_dev_policy.ir_cron_sdp_rescore_completeness"
RESCORE_PARAM = "sales_dev_policy.rescore_after_id.%s"


class SdpInfoRequirement(models.Model):
    """Information a lead or customer record must hold to be complete (P4.1.1, P4.1.3, P4.2.1)."""

    _name = "sdp.info.requirement"
    _description = "Required Customer Information (Policy)"
    _order = "model_name, category, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    field_id = fields.Many2one(
        comodel_name="ir.model.fields",
        string="Field",
        required=True,
        ondelete="cascade",
        domain=[("model", "in", INFO_MODELS), ("store", "=", True)],
    )
    model_name = fields.Char(string="Record Type", related="field_id.model", store=True, index=True)
    category = fields.Selection(selection=INFO_CATEGORY, required=True, default="basic")
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        index=True,
        help="Empty: the requirement applies in every company.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "field_company_uniq",
            "UNIQUE(field_id, company_id)",
            "This information is already required (P4.1.3).",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        requirements = super().create(vals_list)
        requirements._sdp_recompute_completeness()
        return requirements

    def write(self, vals):
        models_before = set(self.mapped("model_name"))
        res = super().write(vals)
        self._sdp_recompute_completeness(models_before)
        return res

    def unlink(self):
        models_before = set(self.mapped("model_name"))
        res = super().unlink()
        self._sdp_recompute_completeness(models_before)
        return res

    def _sdp_recompute_completeness(self, model_names=()):
        """A changed requirement changes the score of every record of its model (P4.2.1): the
        scheduled action re-scores them in batches, started at once, instead of the
        administrator's request re-scoring every contact and lead of the database."""
        self.env.registry.clear_cache()  # _sdp_required_field_names
        changed = (set(model_names) | set(self.exists().mapped("model_name"))) & set(INFO_MODELS)
        if not changed:
            return
        # sudo: the progress marker of the re-scoring is configuration, written by this flow.
        params = self.env["ir.config_parameter"].sudo()
        for model_name in changed:
            params.set_param(RESCORE_PARAM % model_name, "0")
        cron = self.env.ref(RESCORE_CRON, raise_if_not_found=False)
        if cron:
            # sudo: only starts the module's own scheduled action now.
            cron.sudo()._trigger()

    @api.model
    def _cron_sdp_rescore_completeness(self, batch_size=1000):
        """Re-score the records whose required information changed (P4.2.1), ``batch_size`` at
        a time in id order, reported to the cron runner, which calls again while some remain; a
        batch that meets someone changing one of its records is undone and runs again."""
        run_batch(
            self.env,
            RESCORE_CRON,
            lambda: self._sdp_rescore_batch(batch_size),
            pending=lambda: self._sdp_rescore_batch(0)[1],
        )

    @api.model
    def _sdp_rescore_batch(self, batch_size):
        """One batch of the re-scoring: ``(done, remaining)``. With ``batch_size`` 0, only
        counts what remains."""
        # sudo: the progress markers (configuration) and every record of the model: only the
        # stored score is written, nothing is returned to a user.
        params = self.env["ir.config_parameter"].sudo()
        done = remaining = 0
        for model_name in INFO_MODELS:
            start = params.get_param(RESCORE_PARAM % model_name)
            if not start:
                continue
            # sudo: every record of the model is re-scored whoever may read it; only the stored
            # score is written.
            model = self.env[model_name].sudo()
            # Archived records too; the score itself is computed in the plain context (the
            # requirements read are the active ones).
            every = model.with_context(active_test=False)
            domain = [("id", ">", int(start))]
            room = batch_size - done
            records = every.search(domain, order="id", limit=room) if room > 0 else model
            records = records.with_env(model.env)
            if records:
                serialize_on(records, nowait=True)
                self.env.add_to_compute(model._fields["sdp_completeness"], records)
                records.flush_recordset(["sdp_completeness"])
                done += len(records)
                domain = [("id", ">", records[-1].id)]
            left = every.search_count(domain)
            remaining += left
            if batch_size and (records or not left):
                # Where the next batch starts; none left: the marker goes.
                marker = str(records[-1].id) if left else False
                params.set_param(RESCORE_PARAM % model_name, marker)
        return done, remaining

    @api.model
    @tools.ormcache("model_name")
    def _sdp_required_field_names(self, model_name):
        """Names of the fields required on ``model_name`` in any company (cached)."""
        # sudo: configuration only, read to decide what to re-score on write
        requirements = self.sudo().search_fetch([("model_name", "=", model_name)], ["field_id"])
        return frozenset(requirements.field_id.mapped("name"))

    @api.model
    def _sdp_requirements_by_company(self, model_name):
        """{company_id or False: requirements} of ``model_name``, read once per compute."""
        # sudo: the configuration is read to score records; it is not sensitive.
        requirements = self.sudo().search([("model_name", "=", model_name)])
        return requirements.grouped(lambda r: r.company_id.id)


class SdpInfoCompletenessMixin(models.AbstractModel):
    """The required information of a lead or customer (P4.1.1, P4.1.3, P4.2.1): its score, what
    is missing, and the export restriction (P4.3.1). Leads and customers inherit it; each keeps
    its own ``sdp_completeness`` / ``sdp_info_missing`` fields and their dependencies."""

    _name = "sdp.info.completeness.mixin"
    _description = "Required Information of Leads and Customers"

    def _sdp_requirements_of(self, by_company):
        """The requirements that score this record: those of every company and those of the
        record's own company. A record without a company gets the first only, whoever computes
        it: a stored score does not depend on the user who triggered it."""
        empty = self.env["sdp.info.requirement"]
        own = by_company.get(self.company_id.id, empty) if self.company_id else empty
        return by_company.get(False, empty) | own

    def _sdp_compute_completeness(self):
        """Score the records 0-100 on the required information of their own company."""
        by_company = self.env["sdp.info.requirement"]._sdp_requirements_by_company(self._name)
        for record in self:
            requirements = record._sdp_requirements_of(by_company)
            if not requirements:
                record.sdp_completeness = 100
                continue
            filled = sum(1 for req in requirements if record[req.field_id.name])
            record.sdp_completeness = round(100 * filled / len(requirements))

    def _sdp_compute_info_missing(self):
        """Human-readable list of the missing required information, per category."""
        by_company = self.env["sdp.info.requirement"]._sdp_requirements_by_company(self._name)
        categories = dict(
            self.env["sdp.info.requirement"]._fields["category"]._description_selection(self.env)
        )
        for record in self:
            requirements = record._sdp_requirements_of(by_company)
            missing = {}
            for req in requirements:
                if not record[req.field_id.name]:
                    missing.setdefault(categories[req.category], []).append(
                        req.field_id.field_description
                    )
            record.sdp_info_missing = "\n".join(
                f"{category}: {', '.join(labels)}" for category, labels in missing.items()
            )

    def _sdp_touch_completeness(self, vals):
        """After a write, re-score records whose configured (not statically watched) fields
        changed: the required fields are configuration, not declared dependencies."""
        if not vals:
            return
        field = self._fields["sdp_completeness"]
        watched = set(self.pool.field_depends.get(field) or ())
        names = self.env["sdp.info.requirement"]._sdp_required_field_names(self._name)
        if (names & set(vals)) - watched:
            self.env.add_to_compute(field, self)
            self.invalidate_recordset(["sdp_info_missing"])
