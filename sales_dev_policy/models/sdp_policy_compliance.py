"""Where each company stands on the policy's mandatory clauses (P1.2): one row per company and
clause, applied, relaxed (by whom, when, with which setting and reason) or not applied. The
settings panel and the Policy Compliance dashboard read these rows. Feature: shared by all
features (the adoption)."""

from odoo import fields, models
from odoo.tools import SQL

from .res_company_adoption import MANDATORY_CLAUSES

CLAUSE_KEYS = [
    ("pipeline", "Every sales team works in the policy pipeline"),
    ("gates", "No step is skipped; moving back needs a reason"),
    ("legal", "Legal reviews every contract before it is signed"),
    ("export", "Only managers export customer information"),
    ("consent", "Marketing only with the customer's written consent"),
    ("customers", "Customer information seen only by those responsible"),
    ("credit", "Credit assessed before orders and contracts"),
]


class SdpPolicyCompliance(models.Model):
    """One mandatory clause of one company (P1.2), as the database holds it now: the company's
    switches of the clause (every sales team on the policy pipeline for P1.2/P3) and the last
    logged decision that relaxed it."""

    _name = "sdp.policy.compliance"
    _description = "Policy Compliance per Mandatory Clause"
    _auto = False
    _order = "company_id, sequence"
    # What the rows are read from: Odoo flushes these before reading the view.
    _depends = {
        "res.company": sorted({f for _c, _k, fnames in MANDATORY_CLAUSES for f in fnames}),
        "crm.team": ["company_id", "use_opportunities", "active", "sdp_use_policy_pipeline"],
        "sdp.policy.decision": [
            "company_id",
            "kind",
            "clause",
            "date",
            "user_id",
            "setting",
            "reason",
        ],
    }

    company_id = fields.Many2one(comodel_name="res.company", string="Company", readonly=True)
    sequence = fields.Integer(readonly=True)
    clause = fields.Char(string="Policy Clause", readonly=True)
    clause_key = fields.Selection(selection=CLAUSE_KEYS, string="Mandatory Clause", readonly=True)
    state = fields.Selection(
        selection=[
            ("applied", "Applied"),
            ("relaxed", "Relaxed"),
            ("off", "Not applied"),
        ],
        string="Compliance",
        readonly=True,
    )
    applied_count = fields.Integer(
        string="Clauses Applied",
        readonly=True,
        aggregator="sum",
        help="1 when the clause is applied: summed, the number of clauses applied.",
    )
    relaxed_by_id = fields.Many2one(comodel_name="res.users", string="Relaxed By", readonly=True)
    relaxed_date = fields.Datetime(string="Relaxed On", readonly=True)
    relaxed_setting = fields.Char(string="Setting Relaxed", readonly=True)
    relaxed_reason = fields.Char(string="Reason Given", readonly=True)

    @property
    def _table_query(self):
        clauses = []
        for sequence, (clause, key, switches) in enumerate(MANDATORY_CLAUSES, start=1):
            if key == "pipeline":
                # Every sales team of the company (a team without a company belongs to every
                # company), and at least one.
                applied = SQL(
                    "EXISTS (SELECT 1 FROM crm_team t WHERE t.active AND t.use_opportunities "
                    "AND (t.company_id = c.id OR t.company_id IS NULL)) "
                    "AND NOT EXISTS (SELECT 1 FROM crm_team t WHERE t.active "
                    "AND t.use_opportunities AND (t.company_id = c.id OR t.company_id IS NULL) "
                    "AND NOT COALESCE(t.sdp_use_policy_pipeline, FALSE))"
                )
            else:
                applied = SQL(" AND ").join(
                    SQL("COALESCE(c.%s, FALSE)", SQL.identifier(fname)) for fname in switches
                )
            clauses.append(
                SQL(
                    "SELECT c.id AS company_id, %(sequence)s AS sequence, %(clause)s AS clause, "
                    "%(key)s AS clause_key, (%(applied)s) AS is_applied FROM res_company c",
                    sequence=sequence,
                    clause=clause,
                    key=key,
                    applied=applied,
                )
            )
        return SQL(
            """
            SELECT b.company_id * 100 + b.sequence AS id,
                   b.company_id, b.sequence, b.clause, b.clause_key,
                   CASE WHEN b.is_applied THEN 'applied'
                        WHEN d.id IS NOT NULL THEN 'relaxed'
                        ELSE 'off' END AS state,
                   CASE WHEN b.is_applied THEN 1 ELSE 0 END AS applied_count,
                   d.user_id AS relaxed_by_id, d.date AS relaxed_date,
                   d.setting AS relaxed_setting, d.reason AS relaxed_reason
              FROM (%(clauses)s) b
              LEFT JOIN LATERAL (
                    SELECT r.id, r.user_id, r.date, r.setting, r.reason
                      FROM sdp_policy_decision r
                     WHERE r.company_id = b.company_id AND r.kind = 'relaxed'
                       AND r.clause = b.clause
                  ORDER BY r.date DESC, r.id DESC
                     LIMIT 1
              ) d ON NOT b.is_applied
            """,
            clauses=SQL(" UNION ALL ").join(clauses),
        )
