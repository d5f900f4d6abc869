# steward map marks exactly the tables with an open policy violation (the
# ones `steward report` lists with the same -c/-a), in DOT and rendered SVG;
# settled violations (an approval in force) are not marked, --no-violations
# marks nothing; steward demo's map.svg shows the demo's planted violations.
. "$STEWARD_SRC/tests/lib.sh"
command -v gvpr >/dev/null 2>&1 || skip_test "gvpr (graphviz) is not installed"
expect_rc 0 "$STEWARD" demo -q -o "$TEST_TMP/d"
cd "$TEST_TMP/d" || exit 1

# The planted violations (contrib/demo/README.md, tests/cli/report_demo.sh):
# retention in customers, support_tickets, pharmacy_allergies and
# customer_email_history; consent and purpose-flow in marketing_contacts;
# purpose-flow in customer_email_history; retention-copy in orders, whose
# shipping_postal_code is a copy of customers.postal_code that no catalog
# declares (found by join, docs/lineage.md).  analytics_email_copy's purpose
# violation is settled by the ethics council's approval in steward.yaml.
planted="loyalty.main.customer_email_history
loyalty.main.customers
loyalty.main.marketing_contacts
loyalty.main.orders
loyalty.main.pharmacy_allergies
loyalty.main.support_tickets"

# Tables marked in a DOT file: label says [violation N] (the legend's key is
# not a table) and the border is the red, thick one; one name a line.
dot_marked() {
	gvpr 'N[$.name != "legend" && index($.label, "[violation ") >= 0 &&
	    index($.label, "BORDER=\"3\"") >= 0 && index($.label, "COLOR=\"#CC0000\"") >= 0]{print($.name)}' "$1" | sort
}
# Tables marked in an SVG file: a node whose text says [violation N] and
# whose border is drawn red, 3 wide; a node with only one of the two is an
# error (printed as "HALF name").
svg_marked() {
	/usr/bin/python3 - "$1" <<'PY'
import re, sys, xml.etree.ElementTree as ET
S = "{http://www.w3.org/2000/svg}"
out = []
for g in ET.parse(sys.argv[1]).getroot().iter(S + "g"):
    if g.get("class") != "node":
        continue
    name = g.find(S + "title").text
    text = any(re.search(r"\[violation \d+\]$", (t.text or "").strip()) for t in g.iter(S + "text"))
    red = any(p.get("stroke", "").lower() == "#cc0000" and p.get("stroke-width") == "3"
              for p in g.iter(S + "polygon"))
    if text and red:
        out.append(name)
    elif text or red:
        out.append("HALF " + name)
print("\n".join(sorted(out)))
PY
}
# Tables with an open violation according to steward report.
report_open() {
	"$STEWARD" report inventory.json "$@" --format json | jq -r '.violations[] | select(.kind | test("^(access_|reidentification)") | not) | "\(.source).\(.schema).\(.table)"' | sort -u
}

expect_eq "$(report_open -c steward.yaml)" "$planted" "report: the planted violations (inputs of this test)"

# DOT: the map of steward map -c marks those tables, and only those.
expect_rc 0 "$STEWARD" map inventory.json -c steward.yaml --format dot -o m.dot
expect_eq "$(dot_marked m.dot)" "$planted" "map -c, DOT: marked tables"
expect_eq "$(grep -c '"loyalty\.main\.[a-z_]*"[[:space:]]*\[label=' m.dot)" 12 "map -c, DOT: every table drawn (10 tables, 2 views)"
expect_rc 0 dot -Tsvg m.dot -o redot.svg

# SVG, rendered: the same tables get the red border and the marker.
expect_rc 0 "$STEWARD" map inventory.json -c steward.yaml -o m.svg
expect_eq "$(svg_marked m.svg)" "$planted" "map -c, SVG: marked tables"

# steward demo's own map.svg shows them.
expect_eq "$(svg_marked map.svg)" "$planted" "demo map.svg: marked tables"

# Without -c: what the inventory measured, as steward report without -c.
expect_rc 0 "$STEWARD" map inventory.json --format dot -o noc.dot
expect_eq "$(dot_marked noc.dot)" "$(report_open)" "map without -c marks report's violations without -c"
expect_grep '^loyalty\.main\.customers$' <(dot_marked noc.dot) "retention measured at scan time needs no -c"

# --no-violations: nothing marked.
expect_rc 0 "$STEWARD" map inventory.json -c steward.yaml --no-violations --format dot -o nov.dot
expect_eq "$(dot_marked nov.dot)" "" "--no-violations marks nothing"
expect_eq "$(grep -c '\[violation' nov.dot)" 0 "--no-violations: no [violation N], and the legend does not explain one"

# Approvals: without steward.yaml's approvals the analytics copy is open
# and marked; the same approval given with -a settles it again.
sed '/^approvals:/,$d' steward.yaml >noappr.yaml
grep -A4 'match: loyalty.main.analytics_email_copy.email' steward.yaml | sed '1s/^  - /- /; 2,$s/^    /  /' >appr.yaml
expect_grep '^- match: loyalty\.main\.analytics_email_copy\.email$' appr.yaml
expect_rc 0 "$STEWARD" map inventory.json -c noappr.yaml --format dot -o na.dot
expect_eq "$(dot_marked na.dot)" "$(printf '%s\n' "$planted" loyalty.main.analytics_email_copy | sort)" \
	"no approvals: the analytics copy is marked too"
expect_eq "$(dot_marked na.dot)" "$(report_open -c noappr.yaml)" "no approvals: map and report agree"
expect_rc 0 "$STEWARD" map inventory.json -c noappr.yaml -a appr.yaml --format dot -o a.dot
expect_eq "$(dot_marked a.dot)" "$planted" "-a settles the analytics copy again"

# Errors: a bad config or approvals file is exit 2 with the file named.
expect_rc 2 "$STEWARD" map inventory.json -c nosuch.yaml
expect_grep "^steward: map: .*nosuch\.yaml" "$TEST_TMP/err"
expect_rc 2 "$STEWARD" map inventory.json -a nosuch-approvals.yaml
expect_grep "nosuch-approvals\.yaml" "$TEST_TMP/err"
expect_rc 0 "$STEWARD" map --help
expect_grep 'no-violations' "$TEST_TMP/out"
expect_grep 'config FILE' "$TEST_TMP/out"
finish
