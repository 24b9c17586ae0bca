"""Tell bin/test which browser tests to retry once, or that the log has a real problem.

Usage: sdp_after_termination.py TESTS_LOG PROJECT_ROOT ODOO_HOME

Prints the pytest node ids of the browser tests whose only WARNING/ERROR lines are Chrome reporting,
after the test had ended, a request it aborted when the test closed the page ("Error received after
termination: TypeError: Failed to fetch"), and exits 0. Exits 1 (printing nothing) when any other
WARNING/ERROR/CRITICAL line is in the log: those are never retried.
"""

import re
import sys
from pathlib import Path

LEVEL = re.compile(r"^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ")
AFTER_TERMINATION = re.compile(
    r"^[0-9-]+ [0-9:,]+ [0-9]+ ERROR \S+ "
    r"odoo\.addons\.(?P<module>\w+)\.tests\.(?P<file>\w+)\.(?P<cls>\w+)\.(?P<test>\w+)\.browser: "
    r"Error received after termination: TypeError: Failed to fetch\s*$"
)


def main(log_path, root, odoo_home):
    nodes = []
    for line in Path(log_path).read_text(errors="replace").splitlines():
        if not LEVEL.match(line):
            continue
        match = AFTER_TERMINATION.match(line)
        if not match:
            return 1
        candidates = [
            Path(root) / match["module"],
            Path(odoo_home) / "odoo" / "addons" / match["module"],
            Path(odoo_home) / "addons" / match["module"],
        ]
        for module_dir in candidates:
            test_file = module_dir / "tests" / f"{match['file']}.py"
            if test_file.is_file():
                node = f"{test_file}::{match['cls']}::{match['test']}"
                if node not in nodes:
                    nodes.append(node)
                break
        else:
            return 1
    if not nodes:
        return 1
    print(" ".join(nodes))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
