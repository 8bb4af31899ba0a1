#!/usr/bin/env bash
# What may import what (scripts/checks/imports.py: no package cycle inside a module, the rules
# between modules that Maven's dependencies cannot express), and that the check itself can fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 scripts/checks/imports.py
python3 scripts/checks/imports.py --selftest
