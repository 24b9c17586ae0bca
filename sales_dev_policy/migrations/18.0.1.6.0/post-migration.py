"""18.0.1.6.0: customers sign only what Legal approved (P3.7.3), except where the company ran
legal review before; consents count only in writing (P4.3.2), except where the company already
recorded consents.

A new company refuses the online signature and payment of a quotation Legal has not approved.
A company that already had a legal review trigger on has been letting its customers sign or pay
and holding the order until the approval: it keeps doing so until it switches the new setting
on (or adopts the policy as written), so an upgrade does not change what its customers see.

Likewise a company that recorded consents before counts them as it did (a consent recorded
without its document stays in effect) until it switches "Consents Count Only in Writing" on,
once the documents are attached: an upgrade does not stop its mailings.

The rules on customers' bank accounts and letters become global rules that only narrow (P4.3.3):
the salespeople's group rule granted every account with the restriction off, which widened what
other modules' rules give (hr's on employees' bank accounts). A rule a company edited is kept.
"""

from odoo import SUPERUSER_ID, Command, api

OLD_SALESPERSON_DOMAIN = (
    "[(1, '=', 1)] if not sdp_restricted_company_ids else "
    "[('partner_id.sdp_customer_visible', '=', True)]"
)
NEW_DOMAIN = "sdp_customer_documents('partner_id', accounting=True)"


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE res_company
           SET sdp_legal_before_signing = FALSE
         WHERE COALESCE(sdp_legal_on_contract_stage, FALSE)
            OR COALESCE(sdp_legal_on_amount, FALSE)
            OR COALESCE(sdp_legal_on_payment_term, FALSE)
            OR COALESCE(sdp_legal_on_product, FALSE)
        """
    )
    cr.execute(
        """
        UPDATE res_company c
           SET sdp_consent_written_only = FALSE
         WHERE EXISTS (SELECT 1 FROM sdp_customer_consent g WHERE g.company_id = c.id)
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    for prefix in ("res_partner_bank_rule", "snailmail_letter_rule"):
        rule = env.ref(f"sales_dev_policy.{prefix}_salesperson", raise_if_not_found=False)
        if rule and rule.domain_force == OLD_SALESPERSON_DOMAIN:
            rule.write({"domain_force": NEW_DOMAIN, "groups": [Command.clear()]})
            granting = env.ref(f"sales_dev_policy.{prefix}_all", raise_if_not_found=False)
            if granting and granting.domain_force == "[(1, '=', 1)]":
                granting.unlink()
