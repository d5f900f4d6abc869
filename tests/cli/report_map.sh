# The map embedded in the HTML report marks exactly the tables the same
# report lists with an open violation (the set steward map marks): a
# violation settled by an approval in force is not marked.  In the demo
# that is analytics_email_copy, whose purpose violation the ethics
# council's approval in steward.yaml settles.
. "$STEWARD_SRC/tests/lib.sh"
expect_rc 0 "$STEWARD" demo -q -o "$TEST_TMP/d"
cd "$TEST_TMP/d" || exit 1

# The planted open violations (contrib/demo/README.md, report_demo.sh).
planted="loyalty.main.customer_email_history
loyalty.main.customers
loyalty.main.marketing_contacts
loyalty.main.orders
loyalty.main.pharmacy_allergies
loyalty.main.support_tickets"

# Tables marked in the inline SVG of an HTML report: a node whose text
# says [violation N] and whose border is drawn red, 3 wide (as in
# map_violations.sh); a node with only one of the two is an error
# ("HALF name"), and so is a page without exactly one inline <svg>.
html_marked() {
	/usr/bin/python3 - "$1" <<'PY'
import re, sys, xml.etree.ElementTree as ET
html = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
if len(svgs) != 1:
    print("NOT ONE SVG: %d" % len(svgs))
    sys.exit(0)
S = "{http://www.w3.org/2000/svg}"
out = []
for g in ET.fromstring(svgs[0]).iter(S + "g"):
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
# Tables with an open violation according to steward report (JSON).
report_open() {
	"$STEWARD" report inventory.json "$@" --format json | jq -r '.violations[] | select(.kind | test("^(access_|reidentification)") | not) | "\(.source).\(.schema).\(.table)"' | sort -u
}
# Tables with a settled violation according to steward report (JSON).
report_settled() {
	"$STEWARD" report inventory.json "$@" --format json | jq -r '.settled[]? | "\(.source).\(.schema).\(.table)"' | sort -u
}

expect_eq "$(report_open -c steward.yaml)" "$planted" "report: the planted open violations (inputs of this test)"
expect_eq "$(report_settled -c steward.yaml)" "loyalty.main.analytics_email_copy" \
	"report: the approval settles the analytics copy (input of this test)"

# steward demo's own report.html.
expect_eq "$(html_marked report.html)" "$planted" "demo report.html: embedded map marks the open violations"
expect_no_grep '^loyalty\.main\.analytics_email_copy$' <(html_marked report.html) \
	"demo report.html: the settled analytics copy is not marked"

# steward report -c steward.yaml -o r.html: the same, and the same set as steward map.
expect_rc 0 "$STEWARD" report inventory.json -c steward.yaml -o r.html
expect_eq "$(html_marked r.html)" "$planted" "report -c: embedded map marks the open violations"

# Without the approvals the analytics copy is open: listed and marked.
sed '/^approvals:/,$d' steward.yaml >noappr.yaml
expect_rc 0 "$STEWARD" report inventory.json -c noappr.yaml -o na.html
expect_eq "$(html_marked na.html)" "$(printf '%s\n' "$planted" loyalty.main.analytics_email_copy | sort)" \
	"no approvals: the analytics copy is marked too"
expect_eq "$(html_marked na.html)" "$(report_open -c noappr.yaml)" "no approvals: embedded map and report agree"

# The approval given with -a settles it again.
grep -A4 'match: loyalty.main.analytics_email_copy.email' steward.yaml | sed '1s/^  - /- /; 2,$s/^    /  /' >appr.yaml
expect_grep '^- match: loyalty\.main\.analytics_email_copy\.email$' appr.yaml
expect_rc 0 "$STEWARD" report inventory.json -c noappr.yaml -a appr.yaml -o a.html
expect_eq "$(html_marked a.html)" "$planted" "-a settles the analytics copy: not marked"

# Without -c: what the inventory measured, as the report lists it.
expect_rc 0 "$STEWARD" report inventory.json -o noc.html
expect_eq "$(html_marked noc.html)" "$(report_open)" "without -c: embedded map and report agree"
expect_grep '^loyalty\.main\.customers$' <(html_marked noc.html) "retention measured at scan time needs no -c"
finish
