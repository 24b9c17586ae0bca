"""18.0.1.2.0: a withdrawn consent is its own dated record; the customer rules follow each
customer's own company.

Before, a consent the person withdrew was archived. Now a withdrawal is a record of its own
(``kind = 'withdrawal'``), dated, that ends the earlier consents of the same person, company and
purpose, and archiving means "entered by mistake". Each archived consent gets the withdrawal it
stood for, dated when it was archived and recorded by who archived it, and is restored to the
history as a consent that is no longer in effect.

The salesperson's and team leader's customer rules are ``noupdate`` (a company may adapt them),
so an update does not rewrite them: they get the new domains (a customer follows its own
company's switch; portal users' contacts are customers like others) unless the company changed
them, which is logged for the administrator to review.

Odoo's own credit limit of each customer now follows its credit profile (one limit, P6.3.2):
existing profiles write it once.
"""

import logging
import re

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_open

_logger = logging.getLogger(__name__)

CUSTOMER_RULES = ("res_partner_rule_salesperson", "res_partner_rule_team_leader")
# The domains 18.0.1.1.0 shipped, to tell them from a company's own.
OLD_DOMAINS = {
    "res_partner_rule_salesperson": (
        "[(1, '=', 1)] if not sdp_restrict_customers else ['|', '|', '|', '|', '|', "
        "('user_id', '=', user.id), ('commercial_partner_id.user_id', 'in', [user.id, False]), "
        "('message_partner_ids', 'in', [user.partner_id.id]), ('user_ids', '!=', False), "
        "('partner_share', '=', False), ('sale_order_ids.user_id', '=', user.id),]"
    ),
    "res_partner_rule_team_leader": (
        "[(1, '=', 1)] if not sdp_restrict_customers else ["
        "('commercial_partner_id.user_id.crm_team_member_ids.crm_team_id.user_id', '=', "
        "user.id),]"
    ),
}


def _squash(text):
    return re.sub(r"\s+", "", text or "")


def _update_customer_rules(cr):
    env = api.Environment(cr, SUPERUSER_ID, {})
    with file_open("sales_dev_policy/security/sales_dev_policy_rules.xml", "rb") as handle:
        root = etree.parse(handle).getroot()
    for rule_id in CUSTOMER_RULES:
        rule = env.ref(f"sales_dev_policy.{rule_id}", raise_if_not_found=False)
        if not rule:
            continue
        found = root.xpath(f"//record[@id='{rule_id}']/field[@name='domain_force']")
        if not found:
            # No longer shipped: a later migration (18.0.1.5.0) removes it.
            continue
        shipped = found[0].text
        if _squash(rule.domain_force) == _squash(OLD_DOMAINS[rule_id]):
            rule.domain_force = shipped.strip()
        elif _squash(rule.domain_force) != _squash(shipped):
            _logger.warning(
                "sales_dev_policy: record rule %s was changed by the company and is kept; compare "
                "it with the shipped one (customers now follow their own company's switch).",
                rule_id,
            )


def migrate(cr, version):
    if not version:
        return
    _update_customer_rules(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["sdp.credit.profile"].with_context(active_test=False).search(
        []
    )._sdp_sync_odoo_credit_limit()
    cr.execute(
        """
        WITH withdrawn AS (
            SELECT id, partner_id, company_id, scope, date_consent, write_date, write_uid
              FROM sdp_customer_consent
             WHERE NOT active AND kind = 'grant'
        ), inserted AS (
            INSERT INTO sdp_customer_consent (
                partner_id, company_id, scope, kind, source, date_consent, user_id, note,
                active, create_uid, create_date, write_uid, write_date
            )
            SELECT partner_id, company_id, scope, 'withdrawal', 'other',
                   GREATEST(write_date::date, date_consent),
                   write_uid, 'Withdrawn by archiving the consent (before version 18.0.1.2.0).',
                   TRUE, write_uid, write_date, write_uid, write_date
              FROM withdrawn
            RETURNING id
        )
        UPDATE sdp_customer_consent
           SET active = TRUE
         WHERE id IN (SELECT id FROM withdrawn)
        """
    )
