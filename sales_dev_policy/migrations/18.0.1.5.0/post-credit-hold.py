"""18.0.1.5.0: quotations held by the credit control are marked as waiting for a release.

P6.3.1: before this version a quotation the credit control held (the customer accepted it online
but the credit gate refused it) was only a note and open "Customer waiting: credit control
(P6.3.1)" activities. Quotations with such an open activity, still draft or sent and not
released by a credit officer, now carry the stored flag the search filter and the dashboards
read.
"""


def migrate(cr, version):
    if not version:
        return
    # The activity's summary is written in the language of whoever held the order; every
    # translation keeps the clause id.
    cr.execute(
        """
        UPDATE sale_order so
           SET sdp_credit_is_held = TRUE
         WHERE so.state IN ('draft', 'sent')
           AND NOT COALESCE(so.sdp_credit_released, FALSE)
           AND NOT COALESCE(so.sdp_credit_is_held, FALSE)
           AND EXISTS (
                   SELECT 1
                     FROM mail_activity activity
                    WHERE activity.res_model = 'sale.order'
                      AND activity.res_id = so.id
                      AND activity.summary LIKE %s
               )
        """,
        ("%P6.3.1%",),
    )
