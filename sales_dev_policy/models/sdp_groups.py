"""Who has a group, in one place. Shared by all features.

Odoo 18 keeps a user's groups, implied ones included, in ``res.users.groups_id``; Odoo 19 splits
it into ``group_ids`` (explicit) and ``all_group_ids`` (implied too). In Python the module asks
``user.has_group(xmlid)``; a search for the users of a group goes through this domain, the only
place that names the field.
"""

USER_GROUPS_FIELD = "groups_id"


def users_in_group_domain(env, xmlid, path=""):
    """Domain for the users who have the group ``xmlid`` (implied groups included), on
    ``res.users`` or, with ``path`` (``"user_id."``), on a model that points to a user."""
    return [(f"{path}{USER_GROUPS_FIELD}", "in", env.ref(xmlid).id)]
