"""The printed documents: legal review sheet, credit file, commission statement and appraisal
form. Each renders for the roles that read its record with the figures of a hand-computed case,
is refused to the roles that do not, and comes out of Odoo's report engine as a real PDF with the
Chinese text in it. Shared by the legal, credit, incentive and appraisal features."""

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import date, datetime

from lxml import html as lxml_html

import odoo.http
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common_appraisal import AppraisalCommon
from .common_credit import CreditCommon
from .common_incentive import IncentiveCommon
from .common_legal import SdpLegalCommon

CUSTOMER_ZH = "台北精密工業股份有限公司"


class ReportAssertions:
    """Rendering helpers of the report tests (a mixin: each test class has its own fixtures).

    The test classes are HTTP cases too: wkhtmltopdf loads the report's style sheets from the
    server, as in production."""

    report_xmlid = None

    @classmethod
    def _activate_zh_tw(cls, user):
        cls.env["res.lang"]._activate_lang("zh_TW")
        cls.env["ir.module.module"]._load_module_terms(["sales_dev_policy"], ["zh_TW"])
        user.lang = "zh_TW"

    def _report_env(self, user):
        """The report engine as ``user`` in their own language, as a print request is."""
        return self.env["ir.actions.report"].with_user(user).with_context(lang=user.lang)

    def _render_html(self, user, records, report_xmlid=None):
        """The HTML of the report as ``user``, as a tree."""
        html, report_type = self._report_env(user)._render_qweb_html(
            report_xmlid or self.report_xmlid, records.ids
        )
        self.assertEqual(report_type, "html")
        return lxml_html.fromstring(html)

    @staticmethod
    def _texts(tree, css_class):
        """Texts of the elements with ``css_class``, whitespace normalised."""
        return [
            re.sub(r"\s+", " ", node.text_content()).strip()
            for node in tree.xpath(f"//*[contains(concat(' ', @class, ' '), ' {css_class} ')]")
        ]

    def _assertRefused(self, user, records, report_xmlid=None):
        with self.assertRaises(AccessError):
            self._report_env(user)._render_qweb_html(report_xmlid or self.report_xmlid, records.ids)

    def _render_pdf_text(self, user, records):
        return self._render_pdf(user, records)[1]

    def _render_pdf(self, user, records):
        """The PDF of the report as ``user`` through Odoo's engine and wkhtmltopdf (tests get HTML
        unless forced), and its text. Only text in the system's fonts can be read back: the
        layout's web font (the Latin text) is drawn as shapes, the CJK font stays text; the
        figures are checked on the HTML."""
        self.assertTrue(
            shutil.which("pdftotext"), "poppler-utils is installed by bin/_lib.sh sdp_ensure_debs"
        )
        # wkhtmltopdf asks the server for two style sheets at once, and the server's first
        # request reads every manifest; Python 3.11 before 3.11.8 can fail to parse in two
        # threads at once ("AST constructor recursion depth mismatch", CPython gh-106905), so the
        # manifests are read here first.
        self.assertTrue(odoo.http.root.statics)
        pdf, report_type = (
            self._report_env(user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(self.report_xmlid, records.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        # The CJK font maps some characters to their compatibility forms (⼯ for 工).
        return pdf, re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


@tagged("sdp_browser", "sdp_reports", "sdp_legal", "post_install", "-at_install")
class TestLegalReviewSheet(ReportAssertions, SdpLegalCommon, HttpCase):
    """P3.7.2, P3.7.3: the legal review sheet of an order, rejected once and then approved."""

    report_xmlid = "sales_dev_policy.sale_order_legal_report"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_amount_trigger(threshold=1000.0)
        cls.customer.name = CUSTOMER_ZH
        # 2 days at 1,250.00 less 10%, no taxes: 2,250.00.
        cls.order = (
            cls.env["sale.order"]
            .with_user(cls.user_sales_a)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 2,
                                "price_unit": 1250.0,
                                "discount": 10.0,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )

    def _review_twice(self):
        self.order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self._decide(self.order, "reject", checklist=False, comments="Liability clause missing")
        self.order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self._decide(self.order, "approve", comments="Clause added")
        self.assertEqual(self.order.sdp_legal_state, "approved")

    def test_sheet_figures_for_each_reader(self):
        self._review_twice()
        for user in (self.user_sales_a, self.user_legal, self.user_manager):
            with self.subTest(user=user.login):
                tree = self._render_html(user, self.order)
                self.assertEqual(self._texts(tree, "o_sdp_amount_untaxed"), ["$ 2,250.00"])
                self.assertEqual(self._texts(tree, "o_sdp_amount_total"), ["$ 2,250.00"])
                self.assertEqual(self._texts(tree, "o_sdp_legal_state"), ["Approved"])
                # Newest round first: the approval, then the rejection.
                self.assertEqual(
                    self._texts(tree, "o_sdp_legal_decision"), ["Approved", "Rejected"]
                )
                rounds = self._texts(tree, "o_sdp_legal_round")
                self.assertIn("Legal Reviewer", rounds[0])
                self.assertIn("Clause added", rounds[0])
                self.assertIn("Liability for Breach Yes", rounds[0])
                self.assertIn("Liability clause missing", rounds[1])
                self.assertIn("Liability for Breach No", rounds[1])
                self.assertIn(CUSTOMER_ZH, tree.text_content())

    def test_refused_to_who_does_not_read_the_order_and_its_rounds(self):
        self.order.with_user(self.user_sales_a).action_sdp_legal_submit()
        # A credit officer reads every order (Sales: All Documents) but not its legal rounds: no
        # sheet that would look as if the order was never reviewed.
        self.assertTrue(self.order.with_user(self.user_credit).has_access("read"))
        for user in (self.user_sales_b, self.user_internal, self.user_credit):
            with self.subTest(user=user.login):
                self._assertRefused(user, self.order)

    def test_sheet_printed_from_a_review_round(self):
        """Legal prints the same sheet from its list of reviews; a salesperson of another team
        cannot print it from the round either."""
        self._review_twice()
        rounds = self.order.sdp_legal_review_ids
        report = "sales_dev_policy.sdp_legal_review_report"
        tree = self._render_html(self.user_legal, rounds[0], report_xmlid=report)
        self.assertEqual(self._texts(tree, "o_sdp_amount_total"), ["$ 2,250.00"])
        self.assertEqual(self._texts(tree, "o_sdp_legal_decision"), ["Approved", "Rejected"])
        self._assertRefused(self.user_sales_b, rounds[0], report_xmlid=report)

    def test_approval_on_the_quotation_when_the_company_wants_it(self):
        self._review_twice()
        report = "sale.action_report_saleorder"
        tree = self._render_html(self.user_sales_a, self.order, report_xmlid=report)
        self.assertFalse(tree.xpath("//*[@id='sdp_legal_approval']"))
        self.company.sdp_legal_print_approval = True
        tree = self._render_html(self.user_sales_a, self.order, report_xmlid=report)
        (line,) = tree.xpath("//*[@id='sdp_legal_approval']")
        decided = self.order.sdp_legal_review_ids[0].date_decided
        self.assertEqual(
            re.sub(r"\s+", " ", line.text_content()).strip(),
            f"Legal review approved: Legal Reviewer, {decided:%m/%d/%Y}",
        )

    def test_pdf_in_chinese(self):
        self._review_twice()
        self._activate_zh_tw(self.user_legal)
        text = self._render_pdf_text(self.user_legal, self.order)
        self.assertIn("法務審核單", text)
        self.assertIn(CUSTOMER_ZH, text)
        self.assertIn("違約責任", text)
        self.assertIn("已核准", text)
        self.assertIn("已退回", text)


@tagged("sdp_browser", "sdp_reports", "sdp_credit", "post_install", "-at_install")
class TestCreditFile(ReportAssertions, CreditCommon, HttpCase):
    """P6.3.2: the credit file, printed by credit officers and managers only."""

    report_xmlid = "sales_dev_policy.sdp_credit_profile_report"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.name = CUSTOMER_ZH
        cls.profile = cls.env["sdp.credit.profile"].create(
            {"partner_id": cls.customer.id, "state": "not_assessed"}
        )

    def _hand_computed_case(self):
        """An approved assessment: limit 1,500.00; one confirmed order of 300.00 (exposure); a
        quotation of 1,400.00 over the available credit released by the credit officer."""
        self._assess(limit=1500.0, rating="a", date_next_review=date(2027, 6, 30))
        self._order(300.0).with_user(self.user_sales_a).action_confirm()
        self._release(self._order(1400.0), self.user_credit, reason="Bank guarantee received")

    def test_file_figures_for_each_reader(self):
        self._hand_computed_case()
        for user in (self.user_credit, self.user_manager):
            with self.subTest(user=user.login):
                tree = self._render_html(user, self.profile)
                self.assertEqual(self._texts(tree, "o_sdp_credit_state"), ["Approved"])
                self.assertEqual(self._texts(tree, "o_sdp_credit_rating"), ["A - Excellent"])
                self.assertEqual(self._texts(tree, "o_sdp_credit_limit"), ["$ 1,500.00"])
                self.assertEqual(self._texts(tree, "o_sdp_credit_orders"), ["$ 300.00"])
                self.assertEqual(self._texts(tree, "o_sdp_credit_exposure_total"), ["$ 300.00"])
                self.assertEqual(self._texts(tree, "o_sdp_credit_available"), ["$ 1,200.00"])
                (assessment,) = self._texts(tree, "o_sdp_credit_assessment")
                self.assertIn("$ 1,500.00", assessment)
                self.assertIn("Credit Approver", assessment)
                (release,) = self._texts(tree, "o_sdp_credit_release")
                self.assertIn("Bank guarantee received", release)
                self.assertIn("$ 1,400.00", release)

    def test_refused_to_who_does_not_read_the_profile(self):
        """The customer's own salesperson sees the summary on the customer, never the file."""
        for user in (self.user_sales_a, self.user_leader, self.user_legal, self.user_internal):
            with self.subTest(user=user.login):
                self._assertRefused(user, self.profile)

    def test_pdf_in_chinese(self):
        self._hand_computed_case()
        self._activate_zh_tw(self.user_credit)
        text = self._render_pdf_text(self.user_credit, self.profile)
        self.assertIn("信用檔案", text)
        self.assertIn(CUSTOMER_ZH, text)
        self.assertIn("已核准", text)
        self.assertIn("優秀", text)


@tagged("sdp_browser", "sdp_reports", "sdp_incentive", "post_install", "-at_install")
class TestCommissionStatement(ReportAssertions, IncentiveCommon, HttpCase):
    """P5.1.1: the commission statement of October, as computed by hand in test_incentive.py:
    5% of 300.00 sales, 10% of 120.00 profit, 50.00 for one new customer: 77.00."""

    report_xmlid = "sales_dev_policy.sdp_commission_sheet_report"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_new.name = CUSTOMER_ZH
        cls._plan()
        cls._order(cls.customer_old, cls.user_sales_a, datetime(2026, 9, 15))
        cls._order(cls.customer_old, cls.user_sales_a, datetime(2026, 10, 5), qty=2)
        cls._order(cls.customer_new, cls.user_sales_a, datetime(2026, 10, 20))
        cls.sheet = cls.Sheet._generate(date(2026, 10, 15), cls.company)
        cls.sheet.with_user(cls.user_manager).action_confirm()

    def test_statement_figures_for_each_reader(self):
        for user in (self.user_sales_a, self.user_leader, self.user_manager):
            with self.subTest(user=user.login):
                tree = self._render_html(user, self.sheet)
                self.assertEqual(self._texts(tree, "o_sdp_sheet_state"), ["Confirmed"])
                (sales,) = self._texts(tree, "o_sdp_sheet_line_sales_amount")
                self.assertIn("300.00 5.00 $ 15.00", sales)
                (profit,) = self._texts(tree, "o_sdp_sheet_line_profit")
                self.assertIn("120.00 10.00 $ 12.00", profit)
                (new,) = self._texts(tree, "o_sdp_sheet_line_new_customers")
                self.assertIn("1.00 $ 50.00 $ 50.00", new)
                self.assertEqual(self._texts(tree, "o_sdp_sheet_total"), ["$ 77.00"])
                orders = self._texts(tree, "o_sdp_sheet_orders")[0]
                self.assertIn(CUSTOMER_ZH, orders)
                self.assertIn("$ 200.00 $ 80.00", orders)  # 2 x 100.00, margin 2 x 40.00
                self.assertNotIn("09/15/2026", orders)

    def test_refused_to_who_does_not_read_the_sheet(self):
        for user in (self.user_sales_b, self.user_credit, self.user_legal, self.user_internal):
            with self.subTest(user=user.login):
                self._assertRefused(user, self.sheet)

    def test_pdf_in_chinese(self):
        self._activate_zh_tw(self.user_sales_a)
        text = self._render_pdf_text(self.user_sales_a, self.sheet)
        self.assertIn("業績提成對帳單", text)
        self.assertIn(CUSTOMER_ZH, text)
        self.assertIn("已確認", text)


@tagged("sdp_browser", "sdp_reports", "sdp_appraisal", "post_install", "-at_install")
class TestAppraisalForm(ReportAssertions, AppraisalCommon, HttpCase):
    """P5.2-P5.4: the appraisal form of October. Targets 400.00 sales, 100.00 profit, 2 new
    customers; results 300.00, 120.00, 1: achievements 75%, 120%, 50%; no prospect contacted
    and no survey, so the score weighs 40/30/10 over 80: (40x75 + 30x120 + 10x50) / 80 =
    88.75%, meets standard."""

    report_xmlid = "sales_dev_policy.sdp_appraisal_report"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sdp_satisfaction_survey_id = False
        cls.customer_new.name = CUSTOMER_ZH
        cls.env["sdp.sales.target"].create(
            {
                "user_id": cls.user_sales_a.id,
                "date_from": "2026-10-01",
                "sales_target": 400.0,
                "profit_target": 100.0,
                "new_customers_target": 2,
            }
        )
        for partner, when, qty in (
            (cls.customer_old, datetime(2026, 9, 15), 1),
            (cls.customer_old, datetime(2026, 10, 5), 2),
            (cls.customer_new, datetime(2026, 10, 20), 1),
        ):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "user_id": cls.user_sales_a.id,
                    "order_line": [
                        Command.create({"product_id": cls.product.id, "product_uom_qty": qty})
                    ],
                }
            )
            order.action_confirm()
            order.date_order = when
        cls.appraisal = cls.Appraisal._generate("month", date(2026, 10, 15), companies=cls.company)
        cls.appraisal = cls.appraisal.filtered(lambda a: a.user_id == cls.user_sales_a)
        cls.appraisal.with_user(cls.user_leader).write(
            {"interview_date": "2026-11-05", "improvement_plan": "Two new customers in November"}
        )

    def test_form_figures_for_each_reader(self):
        self.assertEqual(self.appraisal.score, 88.75)
        for user in (self.user_sales_a, self.user_leader, self.user_manager):
            with self.subTest(user=user.login):
                tree = self._render_html(user, self.appraisal)
                (sales,) = self._texts(tree, "o_sdp_indicator_sales")
                self.assertEqual(sales, "Sales Amount $ 300.00 $ 400.00 75.00")
                (profit,) = self._texts(tree, "o_sdp_indicator_profit")
                self.assertEqual(profit, "Sales Profit $ 120.00 $ 100.00 120.00")
                (new,) = self._texts(tree, "o_sdp_indicator_new_customers")
                self.assertEqual(new, "New Customers 1 2 50.00")
                (rate,) = self._texts(tree, "o_sdp_indicator_success_rate")
                self.assertEqual(rate, "Success Rate (%) 0/0 20.00", "not measured: no rate")
                self.assertEqual(self._texts(tree, "o_sdp_appraisal_score"), ["88.75"])
                self.assertEqual(self._texts(tree, "o_sdp_appraisal_result"), ["Meets Standard"])
                self.assertIn("Two new customers in November", tree.text_content())

    def test_refused_to_who_does_not_read_the_appraisal(self):
        for user in (self.user_sales_b, self.user_credit, self.user_legal, self.user_internal):
            with self.subTest(user=user.login):
                self._assertRefused(user, self.appraisal)

    def test_pdf_in_chinese(self):
        self._activate_zh_tw(self.user_sales_a)
        text = self._render_pdf_text(self.user_sales_a, self.appraisal)
        self.assertIn("考核表", text)
        self.assertIn("達標", text)

    def test_pdf_of_several_appraisals(self):
        """A manager prints the appraisals of the month at once: one form each. (Debian's
        wkhtmltopdf prints one page source per run; the module prints them one by one and
        merges them.)"""
        appraisals = self.Appraisal.search([("date_from", "=", "2026-10-01")])
        self.assertGreater(len(appraisals), 1)
        self._activate_zh_tw(self.user_manager)
        text = self._render_pdf_text(self.user_manager, appraisals)
        self.assertEqual(text.count("考核表"), len(appraisals))

    def test_pdf_carries_the_company_layout(self):
        """Each form of a print carries the company's header (logo, tagline, address) and its
        pages are numbered per form, with Debian's wkhtmltopdf too (which prints no separate
        header and footer page: the module puts them in the page body and numbers the pages
        once rendered)."""
        appraisals = self.Appraisal.search([("date_from", "=", "2026-10-01")])
        self.assertGreater(len(appraisals), 1)
        tagline = "誠信經營客戶至上"
        self.env.company.report_header = tagline
        self._activate_zh_tw(self.user_manager)
        pdf, text = self._render_pdf(self.user_manager, appraisals)
        self.assertEqual(text.count(tagline), len(appraisals), "the header opens each form")
        pages = PdfFileReader(io.BytesIO(pdf), strict=False).getNumPages()
        numbers = re.findall(r"(?<![\d/])(\d+) ?/ ?(\d+)(?![\d/])", text)
        firsts = [total for page, total in numbers if page == "1"]
        self.assertEqual(len(firsts), len(appraisals), "each form starts at page 1")
        self.assertEqual(sum(int(total) for total in firsts), pages, "each form counts its pages")

    def test_only_the_modules_reports_are_adapted(self):
        """Printing with a wkhtmltopdf without patched Qt changes the module's documents only:
        Odoo's own reports (quotations, invoices) print as Odoo prints them."""
        reports = self.env["ir.actions.report"]
        self.assertTrue(reports._sdp_is_own_report(self.report_xmlid))
        self.assertFalse(reports._sdp_is_own_report("sale.action_report_saleorder"))
        self.assertFalse(reports._sdp_is_own_report("account.account_invoices"))
        self.assertFalse(reports._sdp_is_own_report(False))
        paperformat = self.env.ref("base.paperformat_euro")
        self.assertIn("--header-spacing", reports._build_wkhtmltopdf_args(paperformat, False))
        marked = {"data-report-sdp-body-layout": True}
        adapted = reports._build_wkhtmltopdf_args(paperformat, False, marked)
        self.assertNotIn("--header-spacing", adapted)
