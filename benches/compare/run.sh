#!/usr/bin/env bash
# Builds a venv of its own with moto, boto3 and eniplan's Python package, then runs the
# comparison; pass --quick for a run of under two minutes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$root/py"
exec "$venv/bin/python" "$here/compare.py" "$@"
