"""The module's printed documents with the wkhtmltopdf of the Linux distribution.

Debian's and Ubuntu's ``wkhtmltopdf`` package is built on an unpatched Qt. Such a build ignores the
header and footer pages and a few switches Odoo passes, and says so on stderr, which Odoo logs as a
WARNING at every print; it also refuses several HTML pages in one run, so a print of several records
fails. For the module's own documents only (``report_name`` in this module), with such a build: the
layout's header (logo, company address) opens the page body and its footer closes it, the switches
it would ignore are not passed, several records are printed one by one and merged, and each
record's pages are numbered ("1 / 3") once rendered. Every other report of the database (invoices,
quotations) prints exactly as Odoo prints it; a build with patched Qt (the packages of
wkhtmltopdf.org) is used unchanged for every report.
"""

import functools
import io
import logging
import subprocess

import lxml.html
from reportlab.pdfgen import canvas

from odoo import api, models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter, merge_pdf

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
        "wkhtmltopdf at %s is built without patched Qt: the Sales Development Policy documents "
        "carry their header and footer in the page body and are numbered after rendering (install "
        "a build with patched Qt to have Odoo's own header and footer on every page)",
        binary,
    )
    return False


# Page margins (mm) of the module's documents when the layout is in the page body: room for the
# page number at the foot.
BODY_MARGIN_TOP_MM = 12
BODY_MARGIN_BOTTOM_MM = 14
# Paper-format argument that marks a document printed with its layout in the page body.
BODY_LAYOUT_MARK = "data-report-sdp-body-layout"
# The module's documents: the reports whose template is one of this module's.
OWN_REPORT_PREFIX = "sales_dev_policy."
# wkhtmltopdf fills these spans of the layout's footer on every page, only from a separate
# footer page, which a build without patched Qt does not print.
PAGE_NUMBER_XPATH = "//span[contains(concat(' ', normalize-space(@class), ' '), ' %s ')]"


def layout_parts(html):
    """The header or footer nodes (one per record, in order) of the page Odoo builds for
    wkhtmltopdf's ``--header-html``/``--footer-html`` (``_prepare_html``)."""
    if not html:
        return []
    root = lxml.html.fromstring(html)
    holder = root.xpath(
        "//div[@id='minimal_layout_report_headers' or @id='minimal_layout_report_footers']"
    )
    return list(holder[0]) if holder else []


def without_page_numbers(node):
    """``node`` without the element that holds wkhtmltopdf's page counter ("Page x / y"):
    the pages are numbered after rendering instead."""
    for span in node.xpath(PAGE_NUMBER_XPATH % "page") + node.xpath(PAGE_NUMBER_XPATH % "topage"):
        holder = span.getparent()
        if holder is not None and holder.getparent() is not None:
            holder.getparent().remove(holder)
    return node


def body_with_layout(body, header, footer):
    """``body`` (one record's page, a whole HTML document) with the layout's ``header`` node
    first and ``footer`` node last in its main content."""
    root = lxml.html.fromstring(body)
    main = root.xpath("//main") or root.xpath("//body")
    if not main:
        return body
    if header is not None:
        main[0].insert(0, header)
    if footer is not None:
        main[0].append(without_page_numbers(footer))
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def number_pages(pdf):
    """``pdf`` with "page / pages" at the foot of each page, centred."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False, overwriteWarnings=False)
    total = reader.getNumPages()
    packet = io.BytesIO()
    stamp = canvas.Canvas(packet)
    for index in range(total):
        box = reader.getPage(index).mediaBox
        width, height = float(abs(box.getWidth())), float(abs(box.getHeight()))
        stamp.setPageSize((width, height))
        stamp.setFont("Helvetica", 8)
        stamp.setFillGray(0.45)
        stamp.drawCentredString(width / 2, 14, f"{index + 1} / {total}")
        stamp.showPage()
    stamp.save()
    numbers = PdfFileReader(packet, overwriteWarnings=False)
    writer = PdfFileWriter()
    for index in range(total):
        page = reader.getPage(index)
        page.mergePage(numbers.getPage(index))
        writer.addPage(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _sdp_is_own_report(self, report_ref):
        if not report_ref:
            return False
        report = self._get_report(report_ref)
        return bool(report.report_name and report.report_name.startswith(OWN_REPORT_PREFIX))

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
        # Marked by _run_wkhtmltopdf below for the module's documents only (the other
        # paper-format arguments come from a report's own template).
        if not (specific_paperformat_args or {}).get(BODY_LAYOUT_MARK):
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
        if has_patched_qt() or not self._sdp_is_own_report(report_ref):
            return super()._run_wkhtmltopdf(bodies, header=header, footer=footer, **options)
        # The paper format keeps room at the top and foot of each page for the separate header
        # and footer pages this build does not print: the page body takes it.
        options["specific_paperformat_args"] = {
            **(specific_paperformat_args or {}),
            "data-report-margin-top": BODY_MARGIN_TOP_MM,
            "data-report-margin-bottom": BODY_MARGIN_BOTTOM_MM,
            BODY_LAYOUT_MARK: True,
        }
        headers, footers = layout_parts(header), layout_parts(footer)
        # One header and one footer per record, in the order of the bodies (_prepare_html).
        if len(headers) != len(bodies):
            headers = [None] * len(bodies)
        if len(footers) != len(bodies):
            footers = [None] * len(bodies)
        run = super()._run_wkhtmltopdf  # one record per run: a build without patched Qt
        pdfs = [
            number_pages(run([body_with_layout(body, head, foot)], **options))
            for body, head, foot in zip(bodies, headers, footers, strict=True)
        ]
        return pdfs[0] if len(pdfs) == 1 else merge_pdf(pdfs)
