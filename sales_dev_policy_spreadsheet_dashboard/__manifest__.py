# Copyright 2026 sales_dev_policy authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Sales Customer Development Policy - Dashboards",
    "summary": "Sales Development, Credit Exposure and Policy Compliance dashboards",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "sales_dev_policy authors",
    "website": "https://github.com/sales-dev-policy/sales_dev_policy",
    "license": "LGPL-3",
    "depends": [
        "sales_dev_policy",
        "spreadsheet_dashboard",
    ],
    "data": [
        "data/dashboards.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_dev_policy_spreadsheet_dashboard/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "auto_install": True,
}
