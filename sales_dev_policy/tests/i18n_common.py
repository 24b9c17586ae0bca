"""Checks of the add-ons' translation files, shared by ``test_i18n.py`` and ``tools/sdp_i18n.py``
(which loads this file by its path: it imports nothing of Odoo).

Every add-on of the repository has ``i18n/<module>.pot`` (exported by ``bin/i18n``) and one
``i18n/<lang>.po`` per language of ``LANGS`` that translates every term of the template.
Feature: translations.
"""

import ast
import re
from pathlib import Path
from xml.etree import ElementTree

import polib

LANGS = ("zh_TW", "zh_CN")

# Python %-placeholders: %(name)s, %s, %d, %.2f. No space flag: "50% discount" is no placeholder.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0+]*\d*(?:\.\d+)?[sdifr]")
# A word of the source language: a translation equal to a source holding one is not translated.
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def pot_path(module_dir):
    module_dir = Path(module_dir)
    return module_dir / "i18n" / f"{module_dir.name}.pot"


def demo_xmlids(module_dir):
    """External ids of the records of the module's demo data files."""
    module_dir = Path(module_dir)
    manifest = ast.literal_eval((module_dir / "__manifest__.py").read_text(encoding="utf-8"))
    xmlids = set()
    for name in manifest.get("demo", []):
        if name.endswith(".xml"):
            for node in ElementTree.parse(module_dir / name).iter():
                xmlid = node.get("id")
                if xmlid:
                    xmlids.add(xmlid if "." in xmlid else f"{module_dir.name}.{xmlid}")
    return xmlids


def without_demo(template, module_dir):
    """The exported template without the terms of demo records: demo data is not translated,
    and the template is the same whether the database has demo data or not."""
    demo = demo_xmlids(module_dir)
    for entry in list(template):
        entry.occurrences = [
            (name, line) for name, line in entry.occurrences if name.rsplit(":", 1)[-1] not in demo
        ]
        if not entry.occurrences:
            template.remove(entry)
    return template


# Words a language's translations do not use, with the one they use instead (i18n/GLOSSARY.md):
# Taiwan usage in zh_TW, and one term per concept (the group is "Team Leader" everywhere).
AVOIDED_TERMS = {
    "zh_TW": {"質量": "品質", "渠道": "管道", "團隊主管": "團隊負責人", "信用管控": "信用控管"},
    "zh_CN": {"团队主管": "团队负责人", "信用管控": "信用控制"},
}


def po_problems(module_dir, lang):
    """What is wrong with ``<module_dir>/i18n/<lang>.po`` against the module's template: one line
    per problem (missing file, term untranslated, fuzzy or left in English, placeholders that
    differ from the source, terms the template does not have)."""
    pot_file = pot_path(module_dir)
    po_file = Path(module_dir) / "i18n" / f"{lang}.po"
    if not pot_file.exists():
        return [f"{pot_file}: missing (bin/i18n exports it)"]
    if not po_file.exists():
        return [f"{po_file}: missing (bin/i18n creates it from {pot_file.name})"]
    try:
        po = polib.pofile(str(po_file))
    except (OSError, ValueError) as error:
        return [f"{po_file}: cannot be read: {error}"]
    translations = {entry.msgid: entry for entry in po if not entry.obsolete}
    problems = []
    template = polib.pofile(str(pot_file))
    for entry in template:
        where = f"{po_file.name}: {entry.msgid[:70]!r}"
        translated = translations.pop(entry.msgid, None)
        if translated is None or not translated.msgstr.strip():
            problems.append(f"{where}: not translated")
        elif translated.fuzzy:
            problems.append(f"{where}: fuzzy")
        elif translated.msgstr == entry.msgid and LATIN_WORD.search(
            PLACEHOLDER.sub("", entry.msgid)
        ):
            problems.append(f"{where}: left in English")
        elif placeholders(translated.msgstr) != placeholders(entry.msgid):
            problems.append(
                f"{where}: placeholders {placeholders(translated.msgstr)} instead of "
                f"{placeholders(entry.msgid)}"
            )
        else:
            problems += [
                f"{where}: says {avoided}, the glossary's term is {term}"
                for avoided, term in AVOIDED_TERMS.get(lang, {}).items()
                if avoided in translated.msgstr
            ]
    problems += [
        f"{po_file.name}: {msgid[:70]!r}: not in {pot_file.name} (bin/i18n merges it away)"
        for msgid in translations
    ]
    return problems


def _is_translation_call(func):
    """``_(...)``, ``_lt(...)`` or ``self.env._(...)``: what Odoo's term export extracts."""
    if isinstance(func, ast.Name):
        return func.id in ("_", "_lt")
    return isinstance(func, ast.Attribute) and func.attr == "_"


def untranslatable_calls(module_dir):
    """Messages built so that Odoo cannot extract or translate them, one line each:
    a translation call whose message is not one string literal, an f-string anywhere inside
    one (the export evaluates every literal of the call and fails on the whole file), and a
    translated piece glued to another with ``+`` (word order is the translator's)."""
    found = []
    for path in sorted(Path(module_dir).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            where = f"{path}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and _is_translation_call(node.func):
                message = node.args[0] if node.args else None
                if not (isinstance(message, ast.Constant) and isinstance(message.value, str)):
                    found.append(f"{where}: the message is not a string literal")
                if any(isinstance(sub, ast.JoinedStr) for sub in ast.walk(node)):
                    found.append(f"{where}: an f-string inside a translation call")
            elif isinstance(node, ast.BinOp | ast.AugAssign) and isinstance(node.op, ast.Add):
                operands = (node.left, node.right) if isinstance(node, ast.BinOp) else (node.value,)
                if any(
                    isinstance(operand, ast.Call) and _is_translation_call(operand.func)
                    for operand in operands
                ):
                    found.append(f"{where}: a translated message concatenated with '+'")
    return found
