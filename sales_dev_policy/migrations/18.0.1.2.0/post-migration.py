"""18.0.1.2.0: a withdrawn consent is its own dated record.

Before, a consent the person withdrew was archived. Now a withdrawal is a record of its own
(``kind = 'withdrawal'``), dated, that ends the earlier consents of the same person, company and
purpose, and archiving means "entered by mistake". Each archived consent gets the withdrawal it
stood for, dated when it was archived and recorded by who archived it, and is restored to the
history as a consent that is no longer in effect.
"""


def migrate(cr, version):
    if not version:
        return
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
