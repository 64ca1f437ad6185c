#!/usr/bin/env bash
# Bench.dry_run: dry_run.sh SOURCE_DIR BUILD_DIR JSON_FILE
set -euo pipefail
source_dir=$1 build_dir=$2 json=$3
rm -f "$json"
start=$SECONDS
rc=0
"$source_dir/bench/run" --quick --dry-run --build-dir "$build_dir" --json "$json" || rc=$?
echo "bench/run --quick --dry-run: exit status $rc after $((SECONDS - start)) s"
/usr/bin/python3 "$source_dir/tests/bench/check_figures.py" "$json"
exit "$rc"
