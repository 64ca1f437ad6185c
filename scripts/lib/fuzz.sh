# shellcheck shell=bash
# The libFuzzer targets of fuzz/ (docs/development.md, "Fuzzing").
#
#   gf_build_fuzz              configure and build build/fuzz (clang,
#                              libFuzzer + ASan + UBSan), the targets only
#   gf_run_fuzz SECONDS [JOBS] run every target for SECONDS, JOBS at a time
#                              (default 2), then report; 0 when none failed
#   gf_fuzz_all, gf_fuzz_report  the two halves, for running the targets
#                              in the background (scripts/test)
#
# Each run starts from the target's seeds in fuzz/corpus/<target>/ (read
# only) and keeps what it discovers in build/fuzz-runs/<target>/corpus, so
# later runs start further on. A crash, leak, timeout or broken invariant
# stops the target; its input is saved as build/fuzz-runs/<target>/crash-*
# (or leak-*, timeout-*), and the report names the target, the input and
# the command that replays it. Keep a fixed crash as a regression input:
# copy it into fuzz/corpus/<target>/.

[[ -n ${GF_FUZZ_SH:-} ]] && return 0
GF_FUZZ_SH=1
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"

GF_FUZZ_DIR=$GF_ROOT/build/fuzz
GF_FUZZ_RUNS=${GF_FUZZ_RUNS:-$GF_ROOT/build/fuzz-runs}

gf_build_fuzz() {
  local -a launcher=()
  if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  # -O1: several times the executions per second of -O0, stacks still exact.
  gf_build "$GF_FUZZ_DIR" "clang, libFuzzer + AddressSanitizer + UBSan" fuzz_targets \
    -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" \
    -DCMAKE_CXX_COMPILER=clang++ -DGRANTFLOW_FUZZ=ON "${launcher[@]}"
}

# gf_fuzz_targets: the targets' names, one a line.
gf_fuzz_targets() {
  cat "$GF_FUZZ_DIR/fuzz/fuzz_targets.txt"
}

# gf_fuzz_one TARGET SECONDS: runs one target; writes its verdict to
# $GF_FUZZ_RUNS/TARGET/verdict ("passed EXECS" or "failed INPUT").
gf_fuzz_one() {
  local target=$1 seconds=$2
  local bin=$GF_FUZZ_DIR/fuzz/$target out=$GF_FUZZ_RUNS/$target
  mkdir -p "$out/corpus"
  rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* "$out/verdict"
  local rc=0
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a runaway
  # allocation is a failure, not a machine out of memory.
  (cd "$out" && exec nice -n 10 "$bin" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/" \
    "$out/corpus" "$GF_ROOT/fuzz/corpus/$target") >"$out/log" 2>&1 || rc=$?
  local input
  input=$(find "$out" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' \
    -o -name 'timeout-*' -o -name 'oom-*' \) -print -quit)
  if ((rc == 0)) && [[ -z $input ]]; then
    printf 'passed %s\n' "$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log")" \
      >"$out/verdict"
  else
    printf 'failed %s\n' "${input:-(no input saved, exit $rc)}" >"$out/verdict"
  fi
}

# gf_fuzz_all SECONDS [JOBS]: runs every target, JOBS at a time; quiet.
gf_fuzz_all() {
  local seconds=$1 jobs=${2:-2}
  local -a targets running=()
  mapfile -t targets < <(gf_fuzz_targets)
  mkdir -p "$GF_FUZZ_RUNS"
  local target pid
  for target in "${targets[@]}"; do
    while ((${#running[@]} >= jobs)); do
      wait -n 2>/dev/null || true
      local -a still=()
      for pid in "${running[@]}"; do kill -0 "$pid" 2>/dev/null && still+=("$pid"); done
      running=("${still[@]}")
    done
    gf_fuzz_one "$target" "$seconds" &
    running+=("$!")
  done
  wait
}

# gf_fuzz_report SECONDS: one line per target, the log and the replay
# command of each that failed; sets GF_FUZZ_PASSED and GF_FUZZ_FAILED and
# returns 0 when every target passed.
gf_fuzz_report() {
  local seconds=$1 target verdict detail
  GF_FUZZ_PASSED=0 GF_FUZZ_FAILED=0
  while read -r target; do
    verdict=failed detail="(no verdict: the run did not finish)"
    [[ -f $GF_FUZZ_RUNS/$target/verdict ]] && read -r verdict detail <"$GF_FUZZ_RUNS/$target/verdict"
    if [[ $verdict == passed ]]; then
      GF_FUZZ_PASSED=$((GF_FUZZ_PASSED + 1))
      gf_say "fuzz $target: passed, ${detail:-?} executions in $seconds s"
    else
      GF_FUZZ_FAILED=$((GF_FUZZ_FAILED + 1))
      [[ -f $GF_FUZZ_RUNS/$target/log ]] && gf_show_log "$GF_FUZZ_RUNS/$target/log"
      printf '%s: fuzz %s FAILED\n  input: %s\n' "$GF_PROG" "$target" "$detail" >&2
      if [[ -f $detail ]]; then
        printf '  replay: %s %s\n' "${GF_FUZZ_DIR#"$GF_ROOT"/}/fuzz/$target" "$detail" >&2
      fi
    fi
  done < <(gf_fuzz_targets)
  ((GF_FUZZ_FAILED == 0))
}

gf_run_fuzz() {
  local seconds=$1 jobs=${2:-2}
  [[ -s $GF_FUZZ_DIR/fuzz/fuzz_targets.txt ]] || gf_die "no fuzz targets in ${GF_FUZZ_DIR#"$GF_ROOT"/} (gf_build_fuzz first)"
  gf_say "fuzzing $(gf_fuzz_targets | wc -l) targets for $seconds s each, $jobs at a time"
  gf_fuzz_all "$seconds" "$jobs"
  gf_fuzz_report "$seconds"
}
