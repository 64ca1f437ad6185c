# shellcheck shell=bash
# Run-time options for the AddressSanitizer + UBSan build (build/test).
#
#   gf_sanitizer_env   export ASAN_OPTIONS, UBSAN_OPTIONS (and LSAN_OPTIONS)
#
# LeakSanitizer cannot run everywhere (for instance under ptrace: strace,
# gdb, some sandboxes), and then every sanitized program dies at exit with
# "LeakSanitizer has encountered a fatal error". A tiny probe program tells;
# if leak checking does not work, it is switched off with a note.
# Options already in the environment are appended, so they win.

[[ -n ${GF_SANITIZE_SH:-} ]] && return 0
GF_SANITIZE_SH=1
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

GF_LSAN_SUPPRESSIONS=$GF_ROOT/scripts/lsan.supp

# gf_lsan_works: 0 when LeakSanitizer runs here.
gf_lsan_works() {
  local dir=$GF_ROOT/build/.probe
  local bin=$dir/lsan-probe
  if [[ ! -x $bin ]]; then
    mkdir -p "$dir"
    printf 'int main() { return 0; }\n' >"$dir/lsan-probe.cpp"
    "${CXX:-c++}" -fsanitize=address -o "$bin" "$dir/lsan-probe.cpp" >/dev/null 2>&1 || return 1
  fi
  local out
  out=$(ASAN_OPTIONS=detect_leaks=1 "$bin" 2>&1) || return 1
  [[ $out != *LeakSanitizer* ]]
}

gf_sanitizer_env() {
  local leaks=1
  if ! gf_lsan_works; then
    leaks=0
    gf_say "note: LeakSanitizer does not work here (ptrace or sandbox); leak checks are off (detect_leaks=0)"
  fi
  export ASAN_OPTIONS="detect_leaks=$leaks:abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
  if [[ -f $GF_LSAN_SUPPRESSIONS ]]; then
    export LSAN_OPTIONS="suppressions=$GF_LSAN_SUPPRESSIONS:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
  fi
}
