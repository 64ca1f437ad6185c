# shellcheck shell=bash
# Configure (once) and build one build folder with CMake + Ninja.
#
#   gf_build_release   build/release  RelWithDebInfo          (scripts/run)
#   gf_build_test      build/test     Debug + ASan + UBSan    (scripts/test)
#
# After the first configure, CMake itself decides when to re-run (Ninja
# re-runs it when a CMakeLists.txt changes), so an up-to-date tree prints
# only Ninja's "no work to do".

[[ -n ${GF_BUILD_SH:-} ]] && return 0
GF_BUILD_SH=1
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

GF_RELEASE_DIR=$GF_ROOT/build/release
GF_TEST_DIR=$GF_ROOT/build/test
GF_JOBS=${GF_JOBS:-2}

# gf_build DIR LABEL TARGET CMAKE_ARG...   (TARGET "all" builds everything)
gf_build() {
  local dir=$1 label=$2 target=$3
  shift 3
  local -a args=(-G Ninja "$@")
  local stamp=$dir/.grantflow-configure-args
  local want
  want=$(printf '%s\n' "${args[@]}")

  local need_configure=0
  if [[ ! -f $dir/CMakeCache.txt || ! -f $dir/build.ninja || ! -f $stamp ]]; then
    need_configure=1
  elif [[ $(<"$stamp") != "$want" ]]; then
    need_configure=1
  fi
  if [[ -f $dir/CMakeCache.txt ]] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$dir/CMakeCache.txt"; then
    # Configured by hand with another generator: CMake cannot switch in place.
    gf_say "${dir#"$GF_ROOT"/} was configured with another generator; starting it afresh"
    rm -rf "$dir"
    need_configure=1
  fi

  if ((need_configure)); then
    local log
    log=$(gf_log_file "configure-$(basename "$dir")")
    gf_say "configuring ${dir#"$GF_ROOT"/} ($label)"
    mkdir -p "$dir"
    if ! cmake -S "$GF_ROOT" -B "$dir" "${args[@]}" >"$log" 2>&1; then
      gf_show_log "$log"
      rm -f "$stamp"
      gf_die "cmake configure of ${dir#"$GF_ROOT"/} failed"
    fi
    printf '%s\n' "$want" >"$stamp"
  fi

  # Build output goes straight to the terminal: compiler errors are never hidden.
  if ! cmake --build "$dir" -j "$GF_JOBS" --target "$target"; then
    gf_die "build of ${dir#"$GF_ROOT"/} failed"
  fi
}

gf_build_release() {
  # The program and its plugins only: the tests are scripts/test's business.
  gf_build "$GF_RELEASE_DIR" "RelWithDebInfo" grantflow -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRANTFLOW_SANITIZE=OFF
}

gf_build_test() {
  gf_build "$GF_TEST_DIR" "Debug, AddressSanitizer + UBSan on the product" all -DCMAKE_BUILD_TYPE=Debug -DGRANTFLOW_SANITIZE=ON
}
