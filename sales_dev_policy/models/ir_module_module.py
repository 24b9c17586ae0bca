"""Loading the module's translations also gives the default privacy notice of each company in
the languages loaded: the notice is a company's text, not a term of the module, so Odoo's loading
of terms alone leaves it in the language the company got it in. Feature: translations."""

from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if "sales_dev_policy" in modules:
            self.env["res.company"]._sdp_translate_default_privacy_notice(langs)
        return res
