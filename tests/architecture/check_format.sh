#!/usr/bin/env bash
# Every C++ source of the tree is laid out as .clang-format says:
#   tests/architecture/check_format.sh SOURCE_DIR
# Lists the files that are not, and how to fix them; exits non-zero then.
set -euo pipefail
root=$1
command -v clang-format >/dev/null || { echo "clang-format is missing (Debian package clang-format)"; exit 1; }
cd "$root"
mapfile -d '' files < <(find app bench documents engine fuzz logging notify plugins security server services store tests \
  -path tests/browser/node_modules -prune -o -path tests/contract/node_modules -prune -o \
  \( -name '*.cpp' -o -name '*.hpp' \) -print0)
# One clang-format for every file: starting it once per file costs more
# than the formatting. It names each file off its layout as FILE:LINE:COL.
bad=()
if ! report=$(clang-format --dry-run --Werror "${files[@]}" 2>&1); then
  mapfile -t bad < <(sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: .*/\1/p' <<<"$report" | sort -u)
  ((${#bad[@]} > 0)) || { printf '%s\n' "$report"; exit 1; }
fi
if ((${#bad[@]} > 0)); then
  printf 'not formatted: %s\n' "${bad[@]}"
  echo "fix with: clang-format -i ${bad[*]}"
  exit 1
fi
echo "formatted: ${#files[@]} files follow .clang-format"
