from . import controllers
from . import models
from . import report
from . import wizards


def post_init_hook(env):
    """On a brand-new database, the onboarding step that offers adopting the policy as written
    (P1.2); on any other, nothing: the install changes nothing by itself."""
    env["res.company"]._sdp_offer_adoption()


def uninstall_hook(env):
    """Drop what the ORM does not know it created: the indexes of the customer rules on Odoo's
    own res_partner table and their function (res_partner_customer_info.py, ``init``)."""
    env.cr.execute("DROP INDEX IF EXISTS res_partner_sdp_user_id_index")
    env.cr.execute("DROP INDEX IF EXISTS res_partner_sdp_internal_index")
    env.cr.execute(
        "DROP FUNCTION IF EXISTS sdp_visible_partner_ids(integer, integer[], boolean, boolean)"
    )
    env.cr.execute(
        "DROP FUNCTION IF EXISTS"
        " sdp_partner_ids_visible(integer[], integer, integer[], boolean, boolean)"
    )
