#!/usr/bin/env bash
# Build a private, instrumented copy of fastwbxml's native core -- never in place in src/
# (another build may own that).  Used by fuzz/run.sh and tools/sanitize.sh.
#
#   tools/build_ext_variant.sh FLAVOR DEST
#
# FLAVOR:  asan      clang, -fsanitize=address,undefined (UBSan aborts on the first report)
#          fuzz      clang, -fsanitize=fuzzer-no-link,undefined (coverage + UBSan, fast)
#          fuzz-asan both of the above (what fuzz/run.sh uses by default)
#          plain     the default compiler and flags (as pip builds it), but with symbols
# Every flavor keeps debug information and symbols (FASTWBXML_DEBUG=1: setup.py otherwise
# builds release cores with -g0 and a stripped link), for sanitizer reports and valgrind.
# DEST gets a copy of the source tree; the module is importable with PYTHONPATH=DEST/src.
# Rebuilds only when src/ (e.g. _core.pyx and its .pxi/.h) or the flavor changed.  PYTHON picks the
# interpreter (default python3); it needs Cython and setuptools.
set -euo pipefail
FLAVOR=${1:?flavor: asan | fuzz | fuzz-asan | plain}
DEST=${2:?destination directory}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python3}
case "$PY" in */*) PY="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")" ;; esac  # absolute: scripts cd

case "$FLAVOR" in
  asan)      SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" ;;
  fuzz)      SAN="-fsanitize=fuzzer-no-link,undefined -fno-sanitize-recover=undefined" ;;
  fuzz-asan) SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" ;;
  plain)     SAN="" ;;
  *) echo "unknown flavor $FLAVOR" >&2; exit 2 ;;
esac

if [ "$FLAVOR" != plain ] && ! command -v clang >/dev/null; then
  echo "build_ext_variant: clang is required for flavor $FLAVOR:" >&2
  echo "  apt-get install -y clang libclang-rt-14-dev" >&2
  exit 3
fi
"$PY" -c 'import Cython, setuptools' 2>/dev/null || {
  echo "build_ext_variant: $PY needs Cython and setuptools (pip install Cython setuptools)" >&2
  exit 3; }

mkdir -p "$DEST"
rsync -a --delete --exclude '*.so' --exclude '_core.c' --exclude __pycache__ \
  "$ROOT/src" "$ROOT/tools" "$ROOT/wbxml_tables" "$ROOT/setup.py" "$ROOT/pyproject.toml" \
  "$ROOT/README.md" "$ROOT/MANIFEST.in" "$DEST/"
STAMP="$FLAVOR $(cat "$ROOT"/src/fastwbxml/*.pyx "$ROOT"/src/fastwbxml/*.pxi "$ROOT"/src/fastwbxml/*.h "$ROOT"/src/fastwbxml/*.py "$ROOT"/wbxml_tables/* 2>/dev/null | sha256sum | cut -c1-16) $("$PY" -c 'import sys; print(sys.version.split()[0])')"
SO=$(ls "$DEST"/src/fastwbxml/_core*.so 2>/dev/null | head -1 || true)
if [ -n "$SO" ] && [ -f "$DEST/.stamp" ] && [ "$(cat "$DEST/.stamp")" = "$STAMP" ]; then
  echo "build_ext_variant: $FLAVOR build in $DEST is up to date"
  exit 0
fi
# rsync --delete removed the old .so/.c with the excludes in place? no: excluded files are
# kept, so clear them explicitly
rm -rf "$DEST"/src/fastwbxml/_core*.so "$DEST"/src/fastwbxml/_core.c "$DEST/build"
cd "$DEST"
export FASTWBXML_DEBUG=1 FASTWBXML_REQUIRE_NATIVE=1  # symbols; a failed compile is an error here
if [ "$FLAVOR" = plain ]; then
  "$PY" setup.py -q build_ext --inplace >"$DEST/build.log" 2>&1 || { cat "$DEST/build.log"; exit 1; }
else
  CC=clang LDSHARED="clang -shared" \
  CFLAGS="-g -O1 -fno-omit-frame-pointer $SAN" LDFLAGS="$SAN" \
    "$PY" setup.py -q build_ext --inplace >"$DEST/build.log" 2>&1 || { cat "$DEST/build.log"; exit 1; }
fi
echo "$STAMP" >"$DEST/.stamp"
echo "build_ext_variant: built $FLAVOR core: $(ls "$DEST"/src/fastwbxml/_core*.so)"
