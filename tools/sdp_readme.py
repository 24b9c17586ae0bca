"""Build each add-on's README.rst from its readme/ fragments, in the layout of OCA's generator
(oca-gen-addon-readme): title and summary from the manifest, then Description, Configuration,
Usage, Known issues / Roadmap, Changelog (HISTORY.md), Credits. `--check` fails when a
README.rst is not up to date.

Usage: python tools/sdp_readme.py [--check] ADDON_DIR...
"""

import ast
import re
import sys
from pathlib import Path

SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("HISTORY.md", "Changelog"),
]
# Headings inside a fragment: the versions of HISTORY.md become titles under the section's; their
# parts (Added, Changed...) bold paragraphs, as OCA's changelogs print them (the same title under
# every version would be a duplicate target, which Odoo logs as a warning when it reads the RST).


def md_to_rst(text):
    """The small Markdown subset the fragments use: paragraphs, lists, **bold**, *italic*,
    `code`, ``##``/``###`` headings. Inline code becomes RST literals, ``##`` RST titles,
    ``###`` bold paragraphs; everything else reads the same in both."""
    text = re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text)
    lines = []
    for line in text.strip().splitlines():
        if line.startswith("### "):
            line = f"**{line[4:]}**\n"
        elif line.startswith("## "):
            line = title(line[3:], "-")
        lines.append(line)
    return "\n".join(lines) + "\n"


def title(text, char, over=False):
    line = char * len(text)
    return f"{line}\n{text}\n{line}\n" if over else f"{text}\n{line}\n"


def build(addon):
    addon = Path(addon)
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    readme = addon / "readme"
    out = [title(manifest["name"], "=", over=True), "\n"]
    out.append(f"{manifest['summary']}\n\n")
    out.append(".. contents::\n   :local:\n\n")
    for fname, heading in SECTIONS:
        path = readme / fname
        if not path.exists():
            continue
        if heading:
            out.append(title(heading, "="))
            out.append("\n")
        out.append(md_to_rst(path.read_text()))
        out.append("\n")
    out.append(title("Credits", "="))
    out.append("\n")
    out.append(title("Authors", "-"))
    out.append("\n")
    out.append(f"* {manifest['author']}\n\n")
    contributors = readme / "CONTRIBUTORS.md"
    if contributors.exists():
        out.append(title("Contributors", "-"))
        out.append("\n")
        out.append(md_to_rst(contributors.read_text()))
        out.append("\n")
    out.append(
        "The project's guide is the README.md (quick start, roles) and docs/ (each feature, the "
        f"access matrix, the clause map) at the root of the repository: {manifest['website']}\n"
    )
    return "".join(out)


def main(argv):
    check = "--check" in argv
    stale = []
    for addon in [a for a in argv if a != "--check"]:
        target = Path(addon) / "README.rst"
        text = build(addon)
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(str(target))
        else:
            target.write_text(text)
    if stale:
        print(
            "not up to date with readme/ (run python tools/sdp_readme.py ADDON): "
            + ", ".join(stale)
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
