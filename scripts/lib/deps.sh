# shellcheck shell=bash
# Debian packages the project needs, installed only when missing.
# Usage: gf_deps            (everything scripts/run and scripts/test need)
# Silent when every package is already installed.

[[ -n ${GF_DEPS_SH:-} ]] && return 0
GF_DEPS_SH=1
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The one list of Debian packages. Keep it sorted by purpose.
GF_APT_PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config
  clang-format        # the layout check (tests/architecture/check_format.sh)
  clang libclang-rt-14-dev # libFuzzer and the sanitizer runtimes of fuzz/ (build/fuzz)
  ccache              # keeps the second (fuzz) build of scripts/test quick
  # libraries
  libpoco-dev libsoci-dev libsqlite3-dev libpq-dev
  libxlsxwriter-dev libpodofo-dev libkainjow-mustache-dev libsodium-dev
  fonts-dejavu-core
  # tests
  libgtest-dev libgmock-dev
  postgresql          # throwaway test clusters (scripts/lib/pg.sh)
  poppler-utils qpdf  # pdftotext / qpdf --check on generated deliberations
  python3-openpyxl    # reading generated XLSX annexes back
  graphviz            # workflow diagrams (dot)
  # benchmarks (bench/run, bench/README.md), also run by a test (Bench.dry_run)
  wrk nginx-light     # HTTP load and the static-file peer
  python3-xlsxwriter python3-reportlab # the documents' Python peers
)

# Browser tests (tests/browser, docs/web.md): Debian's chromium, driven by
# playwright-core from npm, with axe-core for the accessibility audit
# (gf_npm_deps below; node and npm 20 are expected on the machine).
GF_APT_BROWSER_PACKAGES=(chromium)

# gf_missing_packages PKG... -> prints the packages not installed, one a line
gf_missing_packages() {
  local p status
  for p in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || printf '%s\n' "$p"
  done
}

gf_deps() {
  local -a wanted=("${GF_APT_PACKAGES[@]}" "${GF_APT_BROWSER_PACKAGES[@]}")
  local -a missing
  mapfile -t missing < <(gf_missing_packages "${wanted[@]}")
  ((${#missing[@]} == 0)) && return 0

  if ! gf_is_root; then
    gf_die "missing Debian packages: ${missing[*]}
  install them as root:  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}
  (or run this script as root, which installs them itself)"
  fi

  local log
  log=$(gf_log_file apt)
  gf_say "installing ${#missing[@]} Debian package(s): ${missing[*]} (log: ${log#"$GF_ROOT"/})"
  if ! apt-get update -qq >>"$log" 2>&1; then
    gf_show_log "$log"
    gf_die "apt-get update failed"
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >>"$log" 2>&1; then
    gf_show_log "$log"
    gf_die "apt-get install failed"
  fi
  mapfile -t missing < <(gf_missing_packages "${wanted[@]}")
  if ((${#missing[@]} > 0)); then
    gf_show_log "$log"
    gf_die "still missing after apt-get install: ${missing[*]}"
  fi
}

# The folders with npm packages: the browser tests (playwright-core,
# axe-core), the HTTP contract test (ajv, ajv-formats,
# @apidevtools/swagger-parser) and the engine benchmark's peer (bench/xstate:
# XState), each with its package.json and package-lock.json. A folder without
# a package.json is passed over.
GF_NPM_FOLDERS=(tests/browser tests/contract bench/xstate)

# gf_npm_folder FOLDER: `npm ci` in FOLDER (relative to the repository) when
# its node_modules is missing or older than its package-lock.json. Quiet
# unless it fails (the log is shown then).
gf_npm_folder() {
  local folder=$1 dir stamp log
  dir="$GF_ROOT/$folder"
  [[ -f $dir/package.json ]] || return 0
  stamp="$dir/node_modules/.package-lock.json"
  if [[ -f $stamp && ! $dir/package-lock.json -nt $stamp ]]; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || gf_die "npm is missing: install Node.js 20 with npm (needed by $folder)"
  log=$(gf_log_file npm)
  gf_say "installing the npm packages of $folder (log: ${log#"$GF_ROOT"/})"
  if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >>"$log" 2>&1; then
    gf_show_log "$log"
    gf_die "npm ci failed in $folder"
  fi
  touch "$stamp"
}

# gf_npm_deps: the npm packages of every folder of GF_NPM_FOLDERS.
gf_npm_deps() {
  local folder
  for folder in "${GF_NPM_FOLDERS[@]}"; do gf_npm_folder "$folder"; done
}
