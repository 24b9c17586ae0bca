"""Printed documents with the wkhtmltopdf of the Linux distribution. Shared by the printed
documents of every feature.

Debian's and Ubuntu's ``wkhtmltopdf`` package is built on an unpatched Qt. Such a build ignores the
header and footer pages and a few switches Odoo passes, and says so on stderr, which Odoo logs as a
WARNING at every print; it also refuses several HTML pages in one run, so a print of several records
fails. With such a build, what it would ignore is not passed and several records are printed one by
one and merged. A build with patched Qt (the packages of wkhtmltopdf.org) is used unchanged.
"""

import functools
import logging
import subprocess

from odoo import api, models
from odoo.tools.pdf import merge_pdf

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)

# Switches Odoo passes that a build without patched Qt ignores: switch -> whether it takes a value.
IGNORED_WITHOUT_PATCHED_QT = {
    "--header-spacing": True,
    "--disable-smart-shrinking": False,
    "--header-line": False,
}


@functools.cache
def has_patched_qt():
    """Whether the wkhtmltopdf Odoo uses is built on a patched Qt (true when there is none:
    nothing to adapt then)."""
    try:
        binary = _get_wkhtmltopdf_bin()
        version = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, check=False, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    if "patched qt" in version.lower():
        return True
    _logger.info(
        "wkhtmltopdf at %s is built without patched Qt: reports are printed without their header "
        "and footer (install a build with patched Qt to have them)",
        binary,
    )
    return False


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _build_wkhtmltopdf_args(
        self, paperformat_id, landscape, specific_paperformat_args=None, set_viewport_size=False
    ):
        args = super()._build_wkhtmltopdf_args(
            paperformat_id,
            landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
        if has_patched_qt():
            return args
        kept = []
        args_iter = iter(args)
        for arg in args_iter:
            if arg in IGNORED_WITHOUT_PATCHED_QT:
                if IGNORED_WITHOUT_PATCHED_QT[arg]:
                    next(args_iter, None)
                continue
            kept.append(arg)
        return kept

    @api.model
    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        options = {
            "report_ref": report_ref,
            "landscape": landscape,
            "specific_paperformat_args": specific_paperformat_args,
            "set_viewport_size": set_viewport_size,
        }
        if has_patched_qt():
            return super()._run_wkhtmltopdf(bodies, header=header, footer=footer, **options)
        if len(bodies) <= 1:
            return super()._run_wkhtmltopdf(bodies, **options)
        run = super()._run_wkhtmltopdf
        return merge_pdf([run([body], **options) for body in bodies])
