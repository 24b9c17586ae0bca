"""18.0.1.1.0: audit records outlive their lead or order.

Stage transitions keep the name of their lead (``lead_name``), legal review rounds and credit
releases the reference of their order (``order_name``); fill them for the records that existed
before. The salesperson's rule on transitions (``noupdate``, so an update does not rewrite it)
must no longer match transitions whose lead was deleted.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

TRANSITION_RULE_DOMAIN = (
    "[('lead_id', '!=', False), '|', ('lead_id.user_id', '=', user.id), "
    "('lead_id.user_id', '=', False)]"
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE sdp_stage_transition transition
           SET lead_name = lead.name
          FROM crm_lead lead
         WHERE transition.lead_id = lead.id AND transition.lead_name IS NULL
        """
    )
    for table in ("sdp_legal_review", "sdp_credit_release"):
        cr.execute(
            SQL(
                """
                UPDATE %s log
                   SET order_name = sale_order.name
                  FROM sale_order
                 WHERE log.order_id = sale_order.id AND log.order_name IS NULL
                """,
                SQL.identifier(table),
            )
        )
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(
        "sales_dev_policy.sdp_stage_transition_rule_salesperson", raise_if_not_found=False
    )
    if rule:
        rule.domain_force = TRANSITION_RULE_DOMAIN
