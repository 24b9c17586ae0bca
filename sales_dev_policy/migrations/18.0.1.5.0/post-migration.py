"""18.0.1.5.0: the customer rules as one condition the database answers from its indexes.

The salesperson's customer rule listed its conditions (own customer, followed, sold to, no
salesperson, employees, the user's companies, companies that do not restrict) OR-ed in its
domain, and the team leader's rule added the customers of the teams they lead: PostgreSQL then
tested every contact of the database on each request of a salesperson. Both are now the field
``sdp_customer_visible`` (res.partner._sdp_visible_partners_sql), same meaning, one rule.

The rules are ``noupdate`` (a company may adapt them), so an update does not rewrite them: the
salesperson's rule gets the new domain and the team leader's rule is removed unless the company
changed them, which is logged for the administrator to review.
"""

import logging
import re

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_open

_logger = logging.getLogger(__name__)

SALESPERSON_RULE = "res_partner_rule_salesperson"
TEAM_LEADER_RULE = "res_partner_rule_team_leader"
# The domains versions 18.0.1.1.0 to 18.0.1.4.0 shipped, to tell them from a company's own.
OLD_SALESPERSON_DOMAIN = """[(1, '=', 1)] if not sdp_restricted_company_ids else [
    '|', '|', '&',
    ('company_id', '!=', False),
    ('company_id', 'not in', sdp_restricted_company_ids),
    ('company_id', '=', False) if not sdp_restrict_customers else (0, '=', 1),
    '|', '|', '|', '|', '|',
    ('user_id', '=', user.id),
    ('commercial_partner_id.user_id', 'in', [user.id, False]),
    ('message_partner_ids', 'in', [user.partner_id.id]),
    ('partner_share', '=', False),
    ('id', 'in', user.company_ids.partner_id.ids),
    ('sale_order_ids.user_id', '=', user.id),
]"""
OLD_TEAM_LEADER_DOMAINS = (
    "[(1, '=', 1)] if not sdp_restrict_customers else ["
    "('commercial_partner_id.user_id.crm_team_member_ids.crm_team_id.user_id', '=', user.id),]",
    "[(1, '=', 1)] if not sdp_restricted_company_ids else ["
    "('commercial_partner_id.user_id.crm_team_member_ids.crm_team_id.user_id', '=', user.id),]",
)


def _squash(text):
    return re.sub(r"\s+", "", text or "")


def _shipped_domain(rule_id):
    with file_open("sales_dev_policy/security/sales_dev_policy_rules.xml", "rb") as handle:
        root = etree.parse(handle).getroot()
    return root.xpath(f"//record[@id='{rule_id}']/field[@name='domain_force']")[0].text.strip()


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    salesperson = env.ref(f"sales_dev_policy.{SALESPERSON_RULE}", raise_if_not_found=False)
    if salesperson:
        shipped = _shipped_domain(SALESPERSON_RULE)
        if _squash(salesperson.domain_force) == _squash(OLD_SALESPERSON_DOMAIN):
            salesperson.domain_force = shipped
        elif _squash(salesperson.domain_force) != _squash(shipped):
            _logger.warning(
                "sales_dev_policy: record rule %s was changed by the company and is kept; "
                "compare it with the shipped one (the conditions are now the field "
                "sdp_customer_visible, answered from indexes).",
                SALESPERSON_RULE,
            )
    leader = env.ref(f"sales_dev_policy.{TEAM_LEADER_RULE}", raise_if_not_found=False)
    if leader:
        if _squash(leader.domain_force) in {_squash(old) for old in OLD_TEAM_LEADER_DOMAINS}:
            leader.unlink()
        else:
            _logger.warning(
                "sales_dev_policy: record rule %s was changed by the company and is kept; the "
                "salesperson's customer rule now gives team leaders their teams' customers.",
                TEAM_LEADER_RULE,
            )
