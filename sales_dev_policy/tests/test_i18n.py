"""Traditional Chinese first: the module speaks zh_TW (and zh_CN) to its users, every term of
every add-on is translated, and the templates follow the code. Feature: translations."""

import io
import re
import tempfile
from pathlib import Path

import polib
from psycopg2.extras import Json

from odoo.exceptions import UserError
from odoo.tests import tagged, users
from odoo.tools import SQL
from odoo.tools.translate import trans_export

from .common import repository_addons
from .common_legal import SdpLegalCommon
from .common_pipeline import PipelineCommon
from .i18n_common import LANGS, po_problems, pot_path, untranslatable_calls, without_demo


@tagged("post_install", "-at_install", "sdp_i18n")
class TestI18nFiles(PipelineCommon):
    """The translation files: complete, consistent with their template, template up to date."""

    def test_po_files_translate_every_term(self):
        """Every msgid of each add-on's .pot has a zh_TW and a zh_CN translation, not fuzzy, not
        left in English, with the placeholders of its source: a term added untranslated fails."""
        problems = [
            problem
            for path, _state in repository_addons(self.env).values()
            for lang in LANGS
            for problem in po_problems(path, lang)
        ]
        self.assertFalse(problems, "\n".join(problems))

    def test_po_problems_are_found(self):
        """The check above fails on what it is meant to catch (a missing translation, a
        placeholder that differs from its source, a word the glossary avoids, a term the
        template does not have)."""
        folder = Path(tempfile.mkdtemp(prefix="sdp_i18n_")) / "sdp_probe"
        (folder / "i18n").mkdir(parents=True)
        (folder / "__manifest__.py").write_text("{'name': 'probe'}")
        template = polib.POFile()
        for msgid in ("Order %(order)s is blocked", "Stage", "Never translated", "Quality"):
            template.append(polib.POEntry(msgid=msgid, msgstr=""))
        template.save(str(pot_path(folder)))
        po = polib.POFile()
        po.append(polib.POEntry(msgid="Order %(order)s is blocked", msgstr="訂單 %(name)s 已凍結"))
        po.append(polib.POEntry(msgid="Stage", msgstr="Stage"))
        po.append(polib.POEntry(msgid="Quality", msgstr="由團隊主管檢查質量"))
        po.append(polib.POEntry(msgid="Gone", msgstr="已刪除"))
        po.save(str(folder / "i18n" / "zh_TW.po"))
        problems = "\n".join(po_problems(folder, "zh_TW"))
        self.assertIn("placeholders", problems)
        self.assertIn("'Stage': left in English", problems)
        self.assertIn("'Never translated': not translated", problems)
        self.assertIn("says 團隊主管, the glossary's term is 團隊負責人", problems)
        self.assertIn("says 質量, the glossary's term is 品質", problems)
        self.assertIn("'Gone': not in sdp_probe.pot", problems)

    def test_one_label_one_meaning(self):
        """A field label of the module names one concept: none is a bare word that means two
        things ("From": an e-mail's sender or a period's start), and two different labels do
        not share one translation (two concepts, one word), save a singular and its plural."""
        ambiguous = {"From", "To", "Person", "Period", "Open"}
        used = [
            f"{model_name}.{name}: {field.string}"
            for model_name in self.env.registry
            for name, field in self.env[model_name]._fields.items()
            if field._module
            and field._module.startswith("sales_dev_policy")
            and field.string in ambiguous
        ]
        self.assertFalse(used)
        same_concept = {"state": "status"}

        def concept(label):
            word = label.lower()
            for plural, singular in (("ies", "y"), ("people", "person"), ("s", "")):
                if word.endswith(plural) and not word.endswith(("us", "ss")):
                    word = word[: -len(plural)] + singular
                    break
            return same_concept.get(word, word)

        for lang in LANGS:
            by_translation = {}
            po = polib.pofile(
                str(
                    Path(repository_addons(self.env)["sales_dev_policy"][0]) / "i18n" / f"{lang}.po"
                )
            )
            for entry in po:
                if any("field_description" in where for where, _line in entry.occurrences):
                    by_translation.setdefault(entry.msgstr, set()).add(concept(entry.msgid))
            shared = {text: labels for text, labels in by_translation.items() if len(labels) > 1}
            self.assertFalse(shared, f"{lang}: one translation for several labels")

    def test_pot_follows_the_code(self):
        """The committed .pot holds exactly the terms Odoo's export finds in the installed
        add-ons (demo records aside), and the export logs no ERROR ("Failed to extract terms"):
        a new string in the code fails until ``bin/i18n`` is run and the term translated."""
        for name, (path, state) in repository_addons(self.env).items():
            if state != "installed":
                continue
            buffer = io.BytesIO()
            with self.assertNoLogs("odoo.tools.translate", level="ERROR"):
                trans_export(None, [name], buffer, "po", self.env.cr)
            exported = without_demo(polib.pofile(buffer.getvalue().decode()), path)
            committed = polib.pofile(str(pot_path(path)))
            found = {(e.msgid, tuple(e.occurrences)) for e in exported}
            known = {(e.msgid, tuple(e.occurrences)) for e in committed}
            self.assertFalse(
                sorted(found - known) + sorted(known - found),
                f"{pot_path(path)} is not up to date: run bin/i18n and translate the new terms",
            )

    def test_messages_are_translatable(self):
        """No message built so that it cannot be translated: a translation call with an f-string,
        a variable or a concatenation as message, or translated pieces glued with '+'."""
        found = [
            line
            for path, _state in repository_addons(self.env).values()
            for line in untranslatable_calls(path)
        ]
        self.assertFalse(found, "\n".join(found))

    def test_selection_labels_come_from_the_field(self):
        """A selection label shown to users comes from the field (translated), never from the
        module's own list of English labels (``dict(STATES)[value]``)."""
        pattern = re.compile(r"dict\([A-Z][A-Z_]*\)\[")
        found = [
            f"{source}:{number}: {line.strip()}"
            for path, _state in repository_addons(self.env).values()
            for source in sorted(path.rglob("*.py"))
            if "tests" not in source.parts
            for number, line in enumerate(source.read_text().splitlines(), 1)
            if pattern.search(line)
        ]
        self.assertFalse(found, "\n".join(found))


@tagged("post_install", "-at_install", "sdp_i18n")
class TestI18nTraditionalChinese(PipelineCommon, SdpLegalCommon):
    """A salesperson whose language is 中文 (台灣) sees the module in Traditional Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_TW")
        installed = [
            name
            for name, (_path, state) in repository_addons(cls.env).items()
            if state == "installed"
        ]
        cls.env["ir.module.module"]._load_module_terms(installed, ["zh_TW"])
        cls.user_sales_a.lang = "zh_TW"

    def _as_user(self):
        """The environment of the current test user in their own language, as a request is."""
        return self.env(context=dict(self.env.context, lang=self.env.user.lang))

    @users("sdp_sales_a")
    def test_menu_stage_and_selection_in_chinese(self):
        env = self._as_user()
        self.assertEqual(env.ref("sales_dev_policy.sdp_menu_root").name, "客戶開發制度")
        self.assertEqual(self.stage["contract"].with_env(env).name, "合同簽訂")
        self.assertEqual(self.stage["needs"].with_env(env).name, "需求挖掘與分析")
        self.assertEqual(
            env["ir.model.fields"].get_field_string("crm.lead")["sdp_gate_progress"], "關卡進度"
        )
        labels = dict(env["crm.stage"]._fields["sdp_policy_step"]._description_selection(env))
        self.assertEqual(labels["contract"], "合同簽訂（P3.7，三、（七））")
        self.assertEqual(labels["won"], "贏得：項目啟動與跟進（P3.8，三、（八））")

    @users("sdp_sales_a")
    def test_gate_error_in_chinese(self):
        """P3.3.2: the refusal of the pipeline gate, with the clause as the policy numbers it."""
        lead = self._lead("Gate zh").with_env(self._as_user())
        with self.assertRaises(UserError) as refusal:
            lead.write({"stage_id": self.stage["contact"].id})
        message = str(refusal.exception)
        self.assertIn("制度流程（P3，三）拒絕此階段變更", message)
        self.assertIn("沒有已完成的下列活動", message)
        self.assertNotIn("no completed activity", message)

    @users("sdp_sales_a")
    def test_gate_refusal_names_step_field_and_tab_in_chinese(self):
        """P3: the refusal names the next step by its stage's name, and the field to fill with
        the tab holding it, as the salesperson's form shows them in Chinese."""
        lead = self._lead("Gate zh where").with_env(self._as_user())
        lead.sdp_decision_criteria = "價格"
        with self.assertRaises(UserError) as refusal:
            lead.write({"stage_id": self.stage["needs"].id})
        message = str(refusal.exception)
        self.assertIn("下一步驟是「客戶接觸與溝通」", message)
        self.assertIn("「需求」頁籤上的「需求與要求」為空白", message)
        self.assertNotIn("Contacted", message)
        self.assertNotIn("Needs", message)

    @users("sdp_sales_a")
    def test_proposal_refusal_names_the_tab_the_form_shows(self):
        """P3.5.1-P3.5.2: the tab named is the form's own, in its translation (the Proposal
        tab reads 方案制定與呈現 on the form)."""
        lead = self._lead("方案測試", "proposal").with_env(self._as_user())
        with self.assertRaises(UserError) as refusal:
            lead.write({"stage_id": self.stage["negotiation"].id})
        message = str(refusal.exception)
        self.assertIn("請從「方案制定與呈現」頁籤建立報價單", message)
        self.assertNotIn("Proposal", message)

    def test_legal_review_error_in_chinese(self):
        """P3.7.3: a quotation over the threshold cannot be confirmed before Legal approves it."""
        self._enable_amount_trigger(5000.0)
        order = self._create_order(qty=10)
        salesperson = self.user_sales_a
        with self.assertRaises(UserError) as refusal:
            order.with_user(salesperson).with_context(lang=salesperson.lang).action_confirm()
        message = str(refusal.exception)
        self.assertIn(f"銷售訂單 {order.name} 在法務核准前不能確認", message)
        self.assertIn("P3.7.3，三、（七）3", message)

    def test_settings_block_in_chinese(self):
        settings = self.env["res.config.settings"].with_context(lang="zh_TW")
        arch = settings.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("銷售客戶開發管理制度", arch)
        self.assertNotIn('title="Customer Development Policy"', arch)


@tagged("post_install", "-at_install", "sdp_i18n")
class TestI18nPrivacyNotice(PipelineCommon):
    """PDPA Art. 8: the company's default privacy notice is in the reader's language, also for a
    company that existed before the module (its notice was stored in the install language)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_TW")

    def _load_terms(self):
        self.env["ir.module.module"]._load_module_terms(["sales_dev_policy"], ["zh_TW"])

    def _set_raw_notice(self, company, value):
        """The notice as the install left it in a company that existed before the module."""
        company.flush_recordset(["sdp_privacy_notice"])
        self.env.cr.execute(
            SQL(
                "UPDATE res_company SET sdp_privacy_notice = %s WHERE id = %s",
                Json(value),
                company.id,
            )
        )
        company.invalidate_recordset(["sdp_privacy_notice"])

    def _notice(self, company, lang):
        return company.with_context(lang=lang).sdp_privacy_notice

    def test_existing_company_gets_the_notice_in_chinese(self):
        company = self.env.company
        english = self._notice(company, "en_US")
        self.assertIn("Privacy notice", english)
        self._set_raw_notice(company, {"en_US": english})
        self.assertIn("Privacy notice", self._notice(company, "zh_TW"))
        self._load_terms()
        self.assertIn("告知事項", self._notice(company, "zh_TW"))
        self.assertNotIn("Privacy notice", self._notice(company, "zh_TW"))
        self.assertEqual(self._notice(company, "en_US"), english)
        lead = self._lead("Notice zh").with_context(lang="zh_TW")
        self.assertIn("個人資料保護法第8條", lead.sdp_privacy_notice)

    def test_company_created_in_chinese_keeps_english_for_english_readers(self):
        company = self.env["res.company"].with_context(lang="zh_TW").create({"name": "SDP 台灣"})
        self.assertIn("告知事項", self._notice(company, "zh_TW"))
        self.assertIn("Privacy notice", self._notice(company, "en_US"))

    def test_notice_written_by_the_company_is_kept(self):
        """Only the module's default is translated: a notice the company wrote stays as it is,
        in English as in a Chinese version written for it."""
        company = self.env.company
        english = self._notice(company, "en_US")
        self._set_raw_notice(company, {"en_US": "<p>Our own notice</p>"})
        self._load_terms()
        self.assertEqual(self._notice(company, "zh_TW"), "<p>Our own notice</p>")
        self._set_raw_notice(company, {"en_US": english, "zh_TW": "<p>本公司自訂</p>"})
        self._load_terms()
        self.assertEqual(self._notice(company, "zh_TW"), "<p>本公司自訂</p>")
        self.assertEqual(self._notice(company, "en_US"), english)
