#!/usr/bin/env bash
# valgrind memcheck of fastwbxml's test suite against the native core (a private -g build,
# tools/build_ext_variant.sh plain, never in src/).
#
#   tools/valgrind.sh [pytest args...]
#
# Default pytest args: tests/ without tests/integration, without the wall-clock, atheris
# and leak-smoke tests (meaningless under valgrind's 30x slowdown).  PYTHONMALLOC=malloc
# takes pymalloc's (intended) uninitialised reads out of the picture.  Reports are split
# into error records; the ones with a frame in _core (the extension) are the findings --
# CPython's and other libraries' own records are counted, not failed on.  Definite leaks
# with a _core frame fail too.
# Environment: PYTHON (default python3), VG_WORK (default /tmp/fastwbxml-valgrind).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python3}
case "$PY" in */*) PY="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")" ;; esac  # absolute: scripts cd
WORK=${VG_WORK:-/tmp/fastwbxml-valgrind}
command -v valgrind >/dev/null || { echo "valgrind.sh: apt-get install -y valgrind" >&2; exit 2; }
[ $# -eq 0 ] && set -- "$ROOT/tests" --ignore="$ROOT/tests/integration" -q -p no:cacheprovider \
  -k "not atheris_smoke and not leak_smoke and not benchmark"
PYTHON="$PY" "$ROOT/tools/build_ext_variant.sh" plain "$WORK/build" || exit 2
mkdir -p "$WORK"
LOG="$WORK/memcheck.log"
echo "== valgrind memcheck: pytest $*"
start=$(date +%s)
(cd "$ROOT" && PYTHONMALLOC=malloc PYTHONPATH="$WORK/build/src" PYTHONDONTWRITEBYTECODE=1 \
  valgrind --tool=memcheck --error-exitcode=0 --leak-check=full \
    --show-leak-kinds=definite --errors-for-leak-kinds=definite --num-callers=30 \
    --log-file="$LOG" "$PY" -m pytest "$@") 2>&1 | tail -8
test_rc=${PIPESTATUS[0]}
secs=$(( $(date +%s) - start ))
"$PY" - "$LOG" <<'PYEOF'
import re, sys
text = open(sys.argv[1], errors="replace").read()
pid = re.search(r"^==(\d+)==", text, re.M)
blocks, cur = [], []
for line in text.splitlines():
    body = re.sub(r"^==\d+== ?", "", line)
    if body.strip() == "":
        if cur:
            blocks.append(cur)
        cur = []
    else:
        cur.append(body)
if cur:
    blocks.append(cur)
errs = [b for b in blocks if re.match(r"(Invalid|Conditional|Use of uninit|Syscall param|"
                                      r"Mismatched|Source and destination|Argument|"
                                      r"\d[\d,]* bytes in [\d,]+ blocks are definitely)", b[0])]
# a frame in the extension: its C file, its shared object, or a Cython-generated name
# (not CPython's own do_call_core & co.)
OURS = re.compile(r"_core\.c:|_core\.cpython-|__pyx_")
# tracemalloc's own bookkeeping (a traceback it allocates while a test traces memory, with the
# traced allocation's frames below it) is CPython's memory, not the extension's
def tracemalloc_own(b):
    return "definitely" in b[0] and len(b) > 2 and "_tracemalloc.c" in b[2]
ours = [b for b in errs if any(OURS.search(l) for l in b) and not tracemalloc_own(b)]
tm = sum(1 for b in errs if tracemalloc_own(b))
summary = re.search(r"ERROR SUMMARY: (\d+) errors from (\d+) contexts", text)
# (one summary per process: pytest's and those of the subprocesses some tests start)
lost = sum(int(n.replace(",", "")) for n in
           re.findall(r"definitely lost: ([\d,]+) bytes in [\d,]+ blocks", text))
print(f"valgrind: {len(errs)} error/leak records in all "
      f"({summary.group(0) if summary else 'no summary'}; definitely lost: "
      f"{lost:,} bytes, all processes); tracemalloc's own: {tm}; "
      f"with a frame in _core: {len(ours)}")
for b in ours[:10]:
    print("----"); print("\n".join(b[:25]))
open(sys.argv[1] + ".core-errors", "w").write(str(len(ours)))
PYEOF
ours=$(cat "$LOG.core-errors" 2>/dev/null || echo 1)
echo "valgrind: tests rc=$test_rc in ${secs}s; log $LOG"
if [ "$test_rc" -ne 0 ] || [ "$ours" -ne 0 ]; then echo "valgrind: FAILED"; exit 1; fi
echo "valgrind: clean (no error in _core)"
