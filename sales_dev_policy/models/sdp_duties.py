"""Separation of duties, one check for the whole module: nobody approves, releases, reviews or
pays their own work. Shared by all features.

Who counts as involved is the feature's business (the salesperson, creator and submitter of an
order under legal review, P3.7.3; the salesperson and creator of an order released from the
credit control and the assessor of a credit assessment, P6.3.1; the person a commission sheet,
project bonus, sales target or appraisal is about, P5.1-P5.4); refusing is this module's.
"""

from odoo.exceptions import UserError


def ensure_not_involved(records, involved, message, error=UserError):
    """Refuse the current user's action on ``records`` if they are involved in one of them.

    ``involved(record)`` returns the ``res.users`` involved in ``record``; ``message(record)``
    the translated refusal naming the record, the rule and who must act instead. Group checks
    come first, at the call site: belonging to the right group is necessary, never sufficient.
    """
    user = records.env.user
    for record in records:
        if user in involved(record):
            raise error(message(record))
