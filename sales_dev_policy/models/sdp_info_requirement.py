"""Required customer information and its completeness score (P4.1.3, P4.2.1).
Feature: customer information."""

from odoo import api, fields, models, tools

INFO_CATEGORY = [
    ("basic", "Basic Information"),
    ("business", "Business Information"),
    ("needs", "Needs"),
    ("transactions", "Transactions"),
]
INFO_MODELS = ["crm.lead", "res.partner"]


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
        """A changed requirement changes the score of every record of its model (P4.2.1)."""
        self.env.registry.clear_cache()  # _sdp_required_field_names
        for model_name in set(model_names) | set(self.exists().mapped("model_name")):
            if model_name not in INFO_MODELS:
                continue
            model = self.env[model_name].with_context(active_test=False)
            # sudo: a configuration change re-scores all records, whoever may read them;
            # only the stored score is written, nothing is returned to the user.
            records = model.sudo().search([])
            self.env.add_to_compute(model._fields["sdp_completeness"], records)

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

    def _sdp_compute_completeness(self):
        """Score the records 0-100 on the required information of their company."""
        by_company = self.env["sdp.info.requirement"]._sdp_requirements_by_company(self._name)
        empty = self.env["sdp.info.requirement"]
        for record in self:
            company_id = record.company_id.id or record.env.company.id
            requirements = by_company.get(False, empty) | by_company.get(company_id, empty)
            if not requirements:
                record.sdp_completeness = 100
                continue
            filled = sum(1 for req in requirements if record[req.field_id.name])
            record.sdp_completeness = round(100 * filled / len(requirements))

    def _sdp_compute_info_missing(self):
        """Human-readable list of the missing required information, per category."""
        by_company = self.env["sdp.info.requirement"]._sdp_requirements_by_company(self._name)
        empty = self.env["sdp.info.requirement"]
        categories = dict(
            self.env["sdp.info.requirement"]._fields["category"]._description_selection(self.env)
        )
        for record in self:
            company_id = record.company_id.id or record.env.company.id
            requirements = by_company.get(False, empty) | by_company.get(company_id, empty)
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
