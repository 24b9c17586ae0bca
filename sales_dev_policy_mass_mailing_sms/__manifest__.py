# Copyright 2026 sales_dev_policy authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Sales Customer Development Policy - SMS Marketing",
    "summary": "SMS mailings reach only people with a written marketing consent (P4.3.2)",
    "version": "18.0.1.0.0",
    "category": "Marketing/SMS Marketing",
    "author": "sales_dev_policy authors",
    "website": "https://github.com/sales-dev-policy/sales_dev_policy",
    "license": "LGPL-3",
    "depends": [
        "sales_dev_policy_mass_mailing",
        "mass_mailing_sms",
    ],
    "installable": True,
    "auto_install": True,
}
