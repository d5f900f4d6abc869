# The demo's HTML report rendered by headless Chromium (Debian's
# `chromium`): the page must load from a file with no network, and the
# screenshot must be a real picture (PNG of the asked size, far from
# blank).  Skips (77) when chromium is not installed.
. "$STEWARD_SRC/tests/lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || skip_test "chromium not installed (apt-get install chromium)"
set +e
expect_rc 0 "$STEWARD" demo -o "$TEST_TMP/demo" -q
html=$TEST_TMP/demo/report.html
[ -s "$html" ] || { fail "demo wrote no report.html"; finish; exit; }
expect_grep '<svg' "$html" "map embedded"
expect_grep 'Risks and recommended actions' "$html"
expect_no_grep '<script|<link|src="https?:|url\(https?:' "$html" "self-contained"

png=$TEST_TMP/r.png
# The profile goes to TEST_TMP; no sandbox because tests may run as root.
HOME=$TEST_TMP timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
  --user-data-dir="$TEST_TMP/chromium" --no-first-run --disable-extensions \
  --screenshot="$png" --window-size=1280,2000 "file://$html" >"$TEST_TMP/chromium.log" 2>&1
[ -s "$png" ] || { fail "no screenshot"; tail -5 "$TEST_TMP/chromium.log" >&2; finish; exit; }
pass
# PNG signature, IHDR size, and how much of the picture is not background.
/usr/bin/python3 - "$png" > "$TEST_TMP/png.txt" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', "not a PNG"
pos, idat, w, h, ct = 8, b'', 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        w, h, depth, ct = struct.unpack('>IIBB', body[:10])
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = {2: 3, 6: 4}[ct]
stride = w * bpp + 1
prev = bytearray(stride - 1)
bg = None
other = 0
for y in range(h):
    f = raw[y * stride]
    line = bytearray(raw[y * stride + 1:(y + 1) * stride])
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 4:
        continue
    for x in range(0, w, 4):
        px = bytes(line[x * bpp:x * bpp + 3])
        if bg is None:
            bg = px
        elif px != bg:
            other += 1
print(w, h, other * 100 // ((w // 4) * (h // 4)))
PY
read -r w h pct < "$TEST_TMP/png.txt"
expect_eq "$w x $h" "1280 x 2000" "screenshot size"
if [ "${pct:-0}" -ge 5 ]; then pass; else fail "screenshot nearly blank: ${pct:-?}% of pixels differ from the background"; fi
finish
