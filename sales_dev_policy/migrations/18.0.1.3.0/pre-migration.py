"""18.0.1.3.0: the below-standard flag of appraisals is named for what it is.

``is_training_recommended`` was set on below-standard annual appraisals; P5.1.4 gives training and
career development to top performers, and below-standard results get training and coaching
(P5.4.2). The stored flag becomes ``is_coaching_required`` (column, field and its xml id renamed
so the values are kept); the P5.1.4 flag is a new field, filled by the post-migration.
"""

from odoo.tools import SQL

OLD = "is_training_recommended"
NEW = "is_coaching_required"


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'sdp_appraisal' AND column_name = %s
        """,
        [OLD],
    )
    if not cr.fetchone():
        return
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'sdp_appraisal' AND column_name = %s
        """,
        [NEW],
    )
    if cr.fetchone():
        return
    cr.execute(
        SQL(
            "ALTER TABLE sdp_appraisal RENAME COLUMN %s TO %s",
            SQL.identifier(OLD),
            SQL.identifier(NEW),
        )
    )
    cr.execute(
        "UPDATE ir_model_fields SET name = %s WHERE model = 'sdp.appraisal' AND name = %s",
        [NEW, OLD],
    )
    cr.execute(
        """
        UPDATE ir_model_data SET name = %s
         WHERE module = 'sales_dev_policy' AND model = 'ir.model.fields' AND name = %s
        """,
        ["field_sdp_appraisal__" + NEW, "field_sdp_appraisal__" + OLD],
    )
