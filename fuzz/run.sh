#!/usr/bin/env bash
# Coverage-guided fuzzing of fastwbxml with atheris + libFuzzer.  See fuzz/README.md.
#
#   fuzz/run.sh TARGET SECONDS [libFuzzer flags...]   fuzz TARGET (decode|encode|xml|all)
#   fuzz/run.sh minimize TARGET                        merge the grown corpus into
#                                                      fuzz/corpus/TARGET (-set_cover_merge=1,
#                                                      inputs up to 2 KB; MERGE_FLAGS overrides)
#   fuzz/run.sh repro TARGET FILE...                   run the target on the given inputs
#
# The native core is built privately (tools/build_ext_variant.sh) under $FUZZ_WORK, never in
# place in src/.  Environment:
#   PYTHON        interpreter with atheris, Cython and setuptools (default python3)
#   FUZZ_FLAVOR   fuzz-asan (default: clang coverage + ASan + UBSan), fuzz (coverage + UBSan,
#                 faster), plain (no clang: Python-level coverage only)
#   FUZZ_WORK     scratch directory (default /tmp/fastwbxml-fuzz): builds, grown corpora,
#                 crash artifacts, logs
#   JOBS          parallel fuzzing processes sharing the corpus (default 1)
#   FASTWBXML_FUZZ_DIFF_EVERY  decode target: compare with the Python codec on 1 input in N
#                 (default 1: every input; long runs use 16)
# With TARGET=all, SECONDS is split evenly across decode, encode and xml.
# Exit status: 0 when every target ran its time with no crash, 1 otherwise.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PY=${PYTHON:-python3}
case "$PY" in */*) PY="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")" ;; esac  # absolute: scripts cd
WORK=${FUZZ_WORK:-/tmp/fastwbxml-fuzz}
FLAVOR=${FUZZ_FLAVOR:-fuzz-asan}
TARGETS="decode encode xml"

die() { echo "fuzz/run.sh: $*" >&2; exit 2; }
case "${1:-}" in ""|-h|--help) sed -n '2,21p' "$0"; exit 0 ;; esac
"$PY" -c 'import atheris' 2>/dev/null || die "$PY has no atheris: $PY -m pip install atheris"
if [ "$FLAVOR" != plain ] && ! command -v clang >/dev/null; then
  echo "fuzz/run.sh: clang not found (apt-get install -y clang libclang-rt-14-dev);" \
       "falling back to FUZZ_FLAVOR=plain (no coverage of the C code, no ASan)" >&2
  FLAVOR=plain
fi

BUILD="$WORK/build-$FLAVOR"
build() {
  PYTHON="$PY" "$ROOT/tools/build_ext_variant.sh" "$FLAVOR" "$BUILD" >&2 || die "build failed"
}

setup_env() {
  local atheris_dir
  # libFuzzer's -merge (and -fork) re-run argv[0], the .py file, through its shebang
  # (env python3): put this interpreter's directory first so that is $PY's python3
  case "$PY" in */*) PATH="$(cd "$(dirname "$PY")" && pwd):$PATH"; export PATH ;; esac
  atheris_dir=$("$PY" -c 'import atheris; print(atheris.path())')
  export PYTHONPATH="$BUILD/src${PYTHONPATH:+:$PYTHONPATH}"
  export PYTHONDONTWRITEBYTECODE=1
  case "$FLAVOR" in
    fuzz-asan)
      export LD_PRELOAD="$atheris_dir/asan_with_fuzzer.so"
      # every Python object its own malloc block, so ASan sees overruns of bytes objects
      export PYTHONMALLOC=malloc
      export ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1:${ASAN_OPTIONS:-}"
      export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}" ;;
    fuzz)
      export LD_PRELOAD="$atheris_dir/ubsan_with_fuzzer.so" ;;
  esac
}

seed_dir() {  # the seeds of $1: committed corpus + fixtures + shared vectors
  local t=$1 d="$WORK/seeds-$1"
  rm -rf "$d"; mkdir -p "$d"
  (cd "$HERE" && env -u LD_PRELOAD "$PY" -c '
import hashlib, os, sys
sys.path.insert(0, ".")
import _contract
for s in _contract.seeds(sys.argv[1]):
    with open(os.path.join(sys.argv[2], hashlib.sha1(s).hexdigest()), "wb") as f:
        f.write(s)
' "$t" "$d") || die "cannot write seeds for $t"
  echo "$d"
}

fuzz_one() {  # TARGET SECONDS [flags]
  local t=$1 secs=$2; shift 2
  local corpus="$WORK/corpus-$t" art="$WORK/artifacts/$t" log="$WORK/log-$t.txt" seeds
  mkdir -p "$corpus" "$art"
  seeds=$(seed_dir "$t")
  local maxlen=8192
  [ "$t" = encode ] && maxlen=4096
  local jobs=${JOBS:-1}
  echo "== fuzz $t for ${secs}s (flavor $FLAVOR, $jobs worker(s), corpus $corpus, log $log)"
  local i rc=0
  local -a pids=()
  # JOBS independent fuzzing processes sharing the corpus directory (each picks up what the
  # others add when it re-reads it), one log each; the figures below add them up
  for i in $(seq 1 "$jobs"); do
    (cd "$ROOT" && exec "$PY" "$HERE/fuzz_$t.py" -max_total_time="$secs" -timeout=20 \
        -rss_limit_mb=4096 -max_len=$maxlen -print_final_stats=1 -reload=30 \
        -artifact_prefix="$art/" "$@" "$corpus" "$seeds") >"$log.$i" 2>&1 &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || rc=1; done
  cat "$log".[0-9]* >"$log"; rm -f "$log".[0-9]*
  local execs cov took
  execs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{s+=$2} END {print s}')
  took=$(grep -aoE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $5}')
  cov=$(grep -aoE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  local crashes
  crashes=$(ls "$art" 2>/dev/null | grep -cE '^(crash|leak|timeout|oom)-' || true)
  echo "   $t: rc=$rc executions=${execs:-?} time=${took:-?}s ${cov} corpus=$(ls "$corpus" | wc -l) crash-artifacts=$crashes"
  if [ $rc -ne 0 ]; then
    echo "   $t FAILED; the end of $log:"; tail -40 "$log" | sed 's/^/   | /'
    return 1
  fi
  return 0
}

cmd=${1:-}
case "$cmd" in
  ""|-h|--help) sed -n '2,21p' "$0"; exit 0 ;;
  minimize)
    t=${2:?target}; build; setup_env
    tmp="$WORK/merge-$t"; rm -rf "$tmp"; mkdir -p "$tmp" "$HERE/corpus/$t"
    # merge: keep only inputs that add coverage, from the committed corpus, the grown one
    # and the seeds, into a fresh directory that then replaces fuzz/corpus/TARGET
    (cd "$ROOT" && "$PY" "$HERE/fuzz_$t.py" ${MERGE_FLAGS:--set_cover_merge=1 -max_len=2048} "$tmp" \
        "$HERE/corpus/$t" "$WORK/corpus-$t" "$(seed_dir "$t")") >"$WORK/merge-$t.log" 2>&1 \
      || { tail -20 "$WORK/merge-$t.log"; exit 1; }
    rm -rf "$HERE/corpus/$t"; mv "$tmp" "$HERE/corpus/$t"
    echo "fuzz/corpus/$t: $(ls "$HERE/corpus/$t" | wc -l) files, $(du -sh "$HERE/corpus/$t" | cut -f1)"
    exit 0 ;;
  repro)
    t=${2:?target}; shift 2; build; setup_env
    cd "$ROOT" && exec "$PY" "$HERE/fuzz_$t.py" -runs=1 "$@" ;;
esac

target=$cmd
secs=${2:?SECONDS}
shift 2
build
setup_env
status=0
if [ "$target" = all ]; then
  each=$(( secs / 3 )); [ $each -lt 1 ] && each=1
  for t in $TARGETS; do fuzz_one "$t" "$each" "$@" || status=1; done
else
  case " $TARGETS " in *" $target "*) ;; *) die "unknown target $target" ;; esac
  fuzz_one "$target" "$secs" "$@" || status=1
fi
[ $status -eq 0 ] && echo "fuzz: no crashes" || echo "fuzz: FAILURES (artifacts in $WORK/artifacts)"
exit $status
