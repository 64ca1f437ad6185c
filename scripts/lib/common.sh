# shellcheck shell=bash
# Shared helpers for scripts/*. Sourced, never executed.
# The calling script has already set `set -euo pipefail`.

[[ -n ${GF_COMMON_SH:-} ]] && return 0
GF_COMMON_SH=1

# Repository root: the folder above scripts/.
GF_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Logs of steps whose output is only shown on failure.
GF_LOG_DIR=${GF_LOG_DIR:-$GF_ROOT/build/logs}
# Name used as prefix of our own messages (scripts/test, scripts/run).
GF_PROG=${GF_PROG:-grantflow}

gf_say() { printf '%s: %s\n' "$GF_PROG" "$*"; }
# gf_minutes SECONDS: "12m05s".
gf_minutes() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
gf_warn() { printf '%s: warning: %s\n' "$GF_PROG" "$*" >&2; }
gf_die() {
  printf '%s: error: %s\n' "$GF_PROG" "$*" >&2
  exit 1
}

# gf_log_file NAME -> path of a fresh log file build/logs/NAME.log
gf_log_file() {
  mkdir -p "$GF_LOG_DIR"
  local f=$GF_LOG_DIR/$1.log
  : >"$f"
  printf '%s\n' "$f"
}

# gf_show_log FILE: print a log that explains a failure, to stderr.
gf_show_log() {
  {
    printf -- '----- %s -----\n' "$1"
    tail -n 200 "$1"
    printf -- '----- end of %s -----\n' "$1"
  } >&2
}

gf_is_root() { [[ $(id -u) -eq 0 ]]; }

# --- clean-up on exit, failure, Ctrl-C or kill -------------------------------
# gf_at_exit FUNC registers FUNC to run once when the script ends, however it
# ends; functions run in reverse order of registration. INT, TERM and HUP run
# them and then exit non-zero (130, 143, 129).
GF_CLEANUPS=()
gf_at_exit() {
  GF_CLEANUPS+=("$1")
  if [[ -z ${GF_TRAPS_SET:-} ]]; then
    GF_TRAPS_SET=1
    trap 'gf_run_cleanups' EXIT
    trap 'gf_on_signal INT 130' INT
    trap 'gf_on_signal TERM 143' TERM
    trap 'gf_on_signal HUP 129' HUP
  fi
}

gf_run_cleanups() {
  local i
  for ((i = ${#GF_CLEANUPS[@]} - 1; i >= 0; i--)); do
    "${GF_CLEANUPS[i]}" || true
  done
  GF_CLEANUPS=()
}

gf_on_signal() {
  trap '' INT TERM HUP # a second Ctrl-C must not cut the clean-up short
  printf '%s: interrupted (SIG%s), cleaning up\n' "$GF_PROG" "$1" >&2
  gf_run_cleanups
  exit "$2"
}
