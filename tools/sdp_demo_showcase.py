"""Turn the policy on in a demo database (the add-on's ``demo/showcase.py``, which says what it
does), so that a new user sees the product as its users will.

Usage (bin/run runs it once, right after creating its demo database):

    sdp_demo_showcase.py ODOO_CONF DB [ODOO OPTIONS, e.g. --log-level=warn]
"""

import importlib.util
import sys
from pathlib import Path

SHOWCASE = Path(__file__).resolve().parents[1] / "sales_dev_policy" / "demo" / "showcase.py"


def _showcase():
    spec = importlib.util.spec_from_file_location("sdp_demo_showcase_steps", SHOWCASE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.showcase


def main(conf, db, *odoo_args):
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", conf, "-d", db, *odoo_args])
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        done = _showcase()(env)
        cr.commit()
    print("policy switched on in the demo database" if done else "demo already set up")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
