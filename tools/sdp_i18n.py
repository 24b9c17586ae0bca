"""Translation templates of the add-ons, exported with Odoo's own tooling, and their .po files.

Usage (``bin/i18n`` installs the add-ons on a throwaway database without demo data and runs it):

    sdp_i18n.py ODOO_CONF DB [--check] MODULE...

For every MODULE, exports its terms with ``odoo.tools.translate.trans_export`` (what
``odoo-bin --i18n-export`` does) and

* without ``--check``: writes ``MODULE/i18n/MODULE.pot`` (its dates change only when its terms
  do) and merges every ``MODULE/i18n/<lang>.po`` of ``LANGS`` with it: new terms are added
  untranslated, translations of terms that are gone are dropped (and listed);
* with ``--check``: writes nothing and fails when the committed template differs from the code's
  terms, or when a .po file is not complete (``tests/i18n_common.py``: every term translated, no
  fuzzy entry, placeholders as in the source).

Exit code 1 lists the problems, one a line. Terms of demo records are left out (demo data is not
translated), so the template is the same on a database with demo data (``bin/i18n --fast``).
"""

import argparse
import importlib.util
import io
import logging
import sys
from pathlib import Path

import polib

import odoo
from odoo.modules.registry import Registry
from odoo.tools.translate import trans_export

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "sdp_i18n_common", ROOT / "sales_dev_policy" / "tests" / "i18n_common.py"
)
i18n_common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n_common)

DATE_KEYS = ("POT-Creation-Date", "PO-Revision-Date")
PLURAL_FORMS = "nplurals=1; plural=0;"  # Chinese has no plural forms


class _ErrorCounter(logging.Handler):
    """Counts what Odoo logs at ERROR while exporting ("Failed to extract terms from ...")."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _entries(pofile):
    """What a template says, without its dates: compared to decide whether it changed."""
    return [
        (entry.msgid, entry.comment, tuple(entry.occurrences), tuple(entry.flags))
        for entry in pofile
    ]


def export_template(cr, module):
    buffer = io.BytesIO()
    trans_export(None, [module], buffer, "po", cr)
    return polib.pofile(buffer.getvalue().decode())


def write_template(template, path):
    """Write the template; keep the dates of the file there when the terms are the same."""
    if path.exists():
        old = polib.pofile(str(path))
        if _entries(old) == _entries(template):
            for key in DATE_KEYS:
                template.metadata[key] = old.metadata.get(key, template.metadata[key])
    path.parent.mkdir(exist_ok=True)
    text = str(template) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        return True
    return False


def merge_po(template, path, lang):
    """``<lang>.po`` with the terms of the template, in its order and with its references,
    translations kept; returns the msgids whose translations were dropped."""
    old = polib.pofile(str(path)) if path.exists() else None
    translations = {e.msgid: e for e in old if not e.obsolete} if old else {}
    po = polib.POFile(wrapwidth=template.wrapwidth)
    po.header = template.header
    po.metadata = dict(template.metadata)
    if old:
        po.metadata.update({key: old.metadata[key] for key in DATE_KEYS if key in old.metadata})
    po.metadata.update({"Language": lang, "Plural-Forms": PLURAL_FORMS})
    for entry in template:
        known = translations.pop(entry.msgid, None)
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=known.msgstr if known else "",
                comment=entry.comment,
                occurrences=entry.occurrences,
                flags=[flag for flag in (known.flags if known else []) if flag != "fuzzy"]
                or list(entry.flags),
            )
        )
    text = str(po) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return sorted(msgid for msgid, entry in translations.items() if entry.msgstr)


def _differences(committed, exported):
    old = {entry.msgid: entry for entry in committed}
    new = {entry.msgid: entry for entry in exported}
    lines = [f"new term {msgid[:70]!r}" for msgid in new if msgid not in old]
    lines += [f"term gone {msgid[:70]!r}" for msgid in old if msgid not in new]
    lines += [
        f"references changed for {msgid[:70]!r}"
        for msgid in new
        if msgid in old and _entries([new[msgid]]) != _entries([old[msgid]])
    ]
    return lines or ["the order of the terms differs"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("conf")
    parser.add_argument("db")
    parser.add_argument("modules", nargs="+")
    parser.add_argument("--check", action="store_true", help="write nothing, fail on a difference")
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.conf, "-d", args.db, "--log-level=warn"])
    errors = _ErrorCounter()
    logging.getLogger("odoo").addHandler(errors)
    registry = Registry(args.db)
    problems = []
    with registry.cursor() as cr:
        for module in args.modules:
            module_dir = ROOT / module
            path = i18n_common.pot_path(module_dir)
            template = i18n_common.without_demo(export_template(cr, module), module_dir)
            if args.check:
                committed = polib.pofile(str(path)) if path.exists() else []
                if _entries(committed) != _entries(template):
                    problems += [
                        f"{path.relative_to(ROOT)} is not up to date ({line}): run bin/i18n"
                        for line in _differences(committed, template)
                    ]
            else:
                changed = write_template(template, path)
                print(f"{path.relative_to(ROOT)}: {len(template)} terms{' (updated)' * changed}")
                for lang in i18n_common.LANGS:
                    po_path = module_dir / "i18n" / f"{lang}.po"
                    for msgid in merge_po(template, po_path, lang):
                        print(f"  {po_path.name}: dropped the translation of {msgid[:70]!r}")
            for lang in i18n_common.LANGS:
                todo = i18n_common.po_problems(module_dir, lang)
                if args.check:
                    problems += [f"{module}/i18n/{line}" for line in todo]
                elif todo:
                    print(f"  {lang}.po: {len(todo)} term(s) to translate (--check lists them)")
        cr.rollback()
    problems += [f"Odoo logged: {record.getMessage()}" for record in errors.records]
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(
            f"{len(problems)} problem(s); translate the new terms in the .po files "
            "(sales_dev_policy/i18n/GLOSSARY.md)",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
