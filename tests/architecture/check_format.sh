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
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if ((${#bad[@]} > 0)); then
  printf 'not formatted: %s\n' "${bad[@]}"
  echo "fix with: clang-format -i ${bad[*]}"
  exit 1
fi
echo "formatted: ${#files[@]} files follow .clang-format"
