"""pytest plugin that bin/test loads before pytest-odoo (``-p sdp_pytest_preload``).

Odoo logs "Importing test framework ... when not running in test mode" at ERROR level when
``odoo.tests`` is first imported while Odoo's configuration does not say it is testing, which
is the case when pytest-odoo loads (it reads the configuration later). Import the test
framework here, in test mode, so the clean-log check only sees real problems. pytest-odoo
parses the real configuration afterwards (test_enable back to its default, as it expects).
"""

import odoo.tools

odoo.tools.config["test_enable"] = True
import odoo.tests  # noqa: E402  pylint: disable=wrong-import-position

odoo.tools.config["test_enable"] = False
