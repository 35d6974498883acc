#!/usr/bin/env bash
# Run fastwbxml's test suite (and optionally the fuzzers) against an ASan + UBSan build of
# the native core.  The build is private (tools/build_ext_variant.sh asan), never in src/.
#
#   tools/sanitize.sh [--fuzz SECONDS] [pytest args...]
#
# Default pytest args: tests/ without tests/integration.  Environment: PYTHON (an interpreter
# with the test dependencies, Cython and setuptools; default python3), SAN_WORK (scratch
# directory, default /tmp/fastwbxml-sanitize).  Needs clang and its runtime:
#   apt-get install -y clang libclang-rt-14-dev
# Every Python object is its own malloc block (PYTHONMALLOC=malloc), so ASan sees reads past
# any bytes object; UBSan aborts on its first report.  LeakSanitizer is off (CPython's own
# interned objects would drown it): tools/leakcheck.py and valgrind cover leaks.
# Exit status: non-zero on any test failure or any sanitizer report.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python3}
case "$PY" in */*) PY="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")" ;; esac  # absolute: scripts cd
WORK=${SAN_WORK:-/tmp/fastwbxml-sanitize}
FUZZ_SECONDS=0
if [ "${1:-}" = --fuzz ]; then FUZZ_SECONDS=${2:?seconds}; shift 2; fi
[ $# -eq 0 ] && set -- "$ROOT/tests" --ignore="$ROOT/tests/integration" -q -p no:cacheprovider

command -v clang >/dev/null || { echo "sanitize.sh: clang missing: apt-get install -y clang libclang-rt-14-dev" >&2; exit 2; }
ASAN_RT=$(clang -print-file-name=libclang_rt.asan-x86_64.so)
[ -f "$ASAN_RT" ] || { echo "sanitize.sh: $ASAN_RT missing: apt-get install -y libclang-rt-14-dev" >&2; exit 2; }

PYTHON="$PY" "$ROOT/tools/build_ext_variant.sh" asan "$WORK/build-asan" || exit 2
LOGS="$WORK/reports"
rm -rf "$LOGS"; mkdir -p "$LOGS"

run_san() {
  env LD_PRELOAD="$ASAN_RT" PYTHONMALLOC=malloc PYTHONDONTWRITEBYTECODE=1 \
    ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:log_path=$LOGS/asan:${ASAN_OPTIONS:-}" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$LOGS/ubsan:${UBSAN_OPTIONS:-}" \
    PYTHONPATH="$WORK/build-asan/src" "$@"
}

echo "== sanitizer build: $(ls "$WORK"/build-asan/src/fastwbxml/_core*.so)"
run_san "$PY" -c 'import fastwbxml, sys; from fastwbxml import _api
assert _api.NATIVE is not None, "native core not importable"
print("   fastwbxml from", fastwbxml.__file__, "| core:", fastwbxml.IMPLEMENTATION)' || exit 2

echo "== test suite under ASan+UBSan: pytest $*"
start=$(date +%s)
(cd "$ROOT" && run_san "$PY" -m pytest "$@") 2>&1 | tee "$WORK/pytest.log" | tail -15
test_rc=${PIPESTATUS[0]}
test_secs=$(( $(date +%s) - start ))

fuzz_rc=0
if [ "$FUZZ_SECONDS" -gt 0 ]; then
  echo "== fuzzers under ASan+UBSan, ${FUZZ_SECONDS}s in all"
  PYTHON="$PY" FUZZ_FLAVOR=fuzz-asan FUZZ_WORK="$WORK/fuzz" "$ROOT/fuzz/run.sh" all "$FUZZ_SECONDS"
  fuzz_rc=$?
  cp "$WORK"/fuzz/log-*.txt "$LOGS/" 2>/dev/null
fi

reports=$(grep -lE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer|SUMMARY: UndefinedBehaviorSanitizer' "$LOGS"/* 2>/dev/null | wc -l)
summary=$(grep -aE '^[0-9]+ (passed|failed)|passed|failed' "$WORK/pytest.log" | tail -1)
echo "== sanitize summary"
echo "   tests: rc=$test_rc in ${test_secs}s: $summary"
[ "$FUZZ_SECONDS" -gt 0 ] && echo "   fuzz:  rc=$fuzz_rc (${FUZZ_SECONDS}s, see above)"
echo "   sanitizer reports: $reports (in $LOGS)"
if [ "$reports" -gt 0 ]; then
  for f in $(grep -lE 'ERROR: AddressSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer' "$LOGS"/*); do
    echo "---- $f"; head -40 "$f"
  done
fi
if [ "$test_rc" -ne 0 ] || [ "$fuzz_rc" -ne 0 ] || [ "$reports" -gt 0 ]; then
  echo "sanitize: FAILED"; exit 1
fi
echo "sanitize: clean"
