# The demo's report shows exactly the planted retention and purpose
# violations (contrib/demo/README.md), with exact counts and paths, and
# nothing else; the valid approval settles the analytics copy.
. "$STEWARD_SRC/tests/lib.sh"
expect_rc 0 "$STEWARD" demo -q -o "$TEST_TMP/d"
cd "$TEST_TMP/d" || exit 1
expect_rc 0 "$STEWARD" report inventory.json -c steward.yaml --format json -o report.json
got=$(jq -r '.violations[] | select(.kind | test("^(access_|reidentification)") | not) | "\(.kind) \(.table).\(.column // "") \(.rows // "-")"' report.json | sort)
want=$(sort <<'TXT'
retention customer_email_history. 11
purpose-flow customer_email_history.new_email -
purpose-flow customer_email_history.old_email -
retention customers. 327
consent marketing_contacts. -
purpose-flow marketing_contacts.email -
purpose-flow marketing_contacts.phone -
retention pharmacy_allergies. 80
retention support_tickets. 414
retention-copy orders. 4163
TXT
)
expect_eq "$got" "$want" "demo violations"
expect_eq "$(jq -r '[.violations[] | select(.kind == "retention") | .exact] | all' report.json)" true "retention counts are exact"
expect_eq "$(jq -r '.violations[] | select(.table == "marketing_contacts" and .column == "email") | .evidence' report.json | grep -c 'customers.email -\[view\]-> loyalty.main.marketing_contacts.email')" 1 "lineage path as evidence"
expect_eq "$(jq -r '[.settled[]? | .table + "." + (.column // "")] | join(",")' report.json)" "analytics_email_copy.email" "the valid approval settles the analytics copy"
# The PIA evidence in the demo's own reports (docs/pia.md): the world-readable
# file, customers unique on their quasi-identifiers, the erasure runbook.
for f in report.md report.html; do
	expect_grep 'Who can read personal data' "$f"
	expect_grep 'every account on the machine can read it' "$f"
	expect_grep 'Could the people be re-identified' "$f"
	expect_grep '1000 of 1000 rows .{1,2}100%.{1,2} are the only ones' "$f"
	expect_grep "Where one person.s data lives" "$f"
	expect_grep 'erase them in this order: payments -.{1,4} order.{1,2}items' "$f"
done
expect_eq "$(jq -r '.sources[0].access.file.mode' inventory.json)" 0644 "the demo file's mode, whatever the umask"
expect_eq "$(jq -r '.sources[0].tables[] | select(.name == "customers") | .reidentification | "\(.rows) \(.k)"' inventory.json)" \
	"1000 1" "customers measured on the sample: k = 1"
finish
