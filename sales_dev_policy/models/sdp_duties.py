"""Separation of duties, one check for the whole module: nobody approves, releases, reviews or
pays their own work. Shared by all features.

Who counts as involved is the feature's business (the salesperson, creator and submitter of an
order under legal review, P3.7.3; the salesperson and creator of an order released from the
credit control and the assessor of a credit assessment, P6.3.1; the person a commission sheet,
project bonus, sales target or appraisal is about, P5.1-P5.4); refusing is this module's.
"""

from odoo.exceptions import AccessError, UserError


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


REVIEWER_GROUPS = (
    "sales_dev_policy.group_sdp_credit_officer",
    "sales_dev_policy.group_sdp_legal_reviewer",
)


def ensure_reviewer_owns(records, owner_field="user_id", vals_list=None):
    """Least privilege for the reviewers (P3.7.3, P6.3.1): credit officers and legal reviewers
    read every lead and order they review (Odoo's "All Documents" right), but write only their
    decisions, which their own actions record. Editing, creating or deleting the documents
    themselves stays with their salesperson and the Sales Managers; a reviewer who also sells
    edits the documents they sell. ``vals_list``: the values of a ``create``."""
    env = records.env
    if env.su:
        return
    user = env.user
    if not any(user.has_group(group) for group in REVIEWER_GROUPS):
        return
    if user.has_group("sales_team.group_sale_manager"):
        return
    sells = user.has_group("sales_dev_policy.group_sdp_salesperson")
    if vals_list is not None:
        owners = {
            vals.get(owner_field, env.context.get(f"default_{owner_field}", user.id))
            for vals in vals_list
        }
        foreign = not sells or owners - {user.id}
        names = records._description
    else:
        others = records.filtered(lambda r: r[owner_field] != user)
        foreign = others if sells else records
        names = ", ".join(foreign[:5].mapped("display_name")) if foreign else ""
    if foreign:
        raise AccessError(
            env._(
                "%(records)s: as a reviewer you read the documents you review and record "
                "your decisions with the review's own buttons (P3.7.3, P6.3.1); editing, "
                "creating or deleting them is for their salesperson or a Sales Manager.",
                records=names,
            )
        )
