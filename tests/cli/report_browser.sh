# The demo's privacy impact assessment as a person sees it (docs/report.md):
# rendered by Debian's chromium, driven over the DevTools protocol
# (puppeteer-core, scripts/fetch-browser-tools), with no console error and
# no request leaving the file; every section of the assessment there, in
# the order a DPO works; the map's legend text at least 9 px at 1280 px;
# print to PDF (A4) within bounds; axe-core (WCAG 2 A/AA): no serious or
# critical violation.  And the map and the report colour each sensitivity
# alike, and the Markdown report shows the same map.  Screenshots and the
# PDF go to $STEWARD_ARTIFACTS when set (CI keeps them), never into git.
. "$STEWARD_SRC/tests/lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
tools=${STEWARD_CACHE:-${HOME:-}/.cache/steward}/browser-tools
if [ -z "$CHROMIUM" ] || ! command -v node >/dev/null || [ ! -f "$tools/node_modules/puppeteer-core/package.json" ]; then
	fail "chromium, node or the browser tools are missing: run scripts/setup (scripts/fetch-browser-tools)"
	finish
	exit 1
fi
expect_rc 0 "$STEWARD" demo -q -o "$TEST_TMP/d"
cd "$TEST_TMP/d" || exit 1
art=${STEWARD_ARTIFACTS:-$TEST_TMP/artifacts}
mkdir -p "$art" "$TEST_TMP/br"
cp "$STEWARD_SRC/tests/fixtures/report-browser.mjs" "$TEST_TMP/br/"
ln -sfn "$tools/node_modules" "$TEST_TMP/br/node_modules"
HOME=$TEST_TMP timeout 180 node "$TEST_TMP/br/report-browser.mjs" "$TEST_TMP/d/report.html" "$art" "$CHROMIUM" \
	> browser.json 2> browser.err || { fail "the browser run failed"; tail -20 browser.err >&2; finish; exit 1; }
pass
j() { jq -r "$1" browser.json; }
expect_eq "$(j '.console_errors | length')" 0 "console errors: $(j '.console_errors | join("; ")')"
expect_eq "$(j '.external_requests | length')" 0 "requests left the file: $(j '.external_requests | join(" ")')"
expect_eq "$(j '.sections | join(" ")')" "summary scope held flows who keeping risks approvals questions signoff" \
	"the assessment's sections, in order"
expect_eq "$(j '.title')" "Privacy impact assessment · $(jq -r .as_of inventory.json)" "page title"
legend=$(j '.legend_min_px')
awk -v p="$legend" 'BEGIN { exit !(p != "null" && p >= 9) }' && pass || fail "legend text $legend px high, want >= 9"
pages=$(j '.pdf_pages')
awk -v p="$pages" 'BEGIN { exit !(p >= 4 && p <= 30) }' && pass || fail "the PDF has $pages pages, want 4 to 30"
expect_eq "$(j '[.axe.serious // [], .axe.critical // []] | add | length')" 0 \
	"axe-core serious or critical: $(j '[.axe.serious // [], .axe.critical // []] | add | join("; ")')"
for f in report-1280.png report-800.png report.pdf; do
	[ -s "$art/$f" ] && pass || fail "no $f"
done
# One palette: the report's colour for each sensitivity is the map's.
python3 - report.html map.svg <<'PY' || fail "the map and the report colour a sensitivity differently"
import re, sys
html, svg = open(sys.argv[1]).read(), open(sys.argv[2]).read().lower()
css = dict(re.findall(r"\.sens-([a-z]+)\{background:(#[0-9A-Fa-f]{6})", html))
assert set(css) >= {"special", "high", "personal", "quasi", "linked"}, css
for label, colour in css.items():
    if label == "none":
        continue
    assert colour.lower() in svg, "%s is %s in the report, not in the map" % (label, colour)
print(css)
PY
# The Markdown report shows the map too, with the same words for sensitivity.
expect_grep '^!\[Lineage map: .*\]\(report\.map\.svg\)$' report.md
[ -s report.map.svg ] && pass || fail "report.map.svg not written beside report.md"
expect_grep '🟥 special [0-9]+, 🟧 high [0-9]+, 🟪 personal [0-9]+, 🟦 quasi [0-9]+, 🔹 linked [0-9]+' report.md
finish
