#!/usr/bin/env bash
# The classifier on the demo database: every planted personal column is
# found with the right category and nothing else is tagged
# (tests/fixtures/demo_expected.tsv).  Prints precision and recall.
. "$STEWARD_SRC/tests/lib.sh"
set -e

expect_rc 0 "$STEWARD" demo -o "$TEST_TMP/demo" -q
inv=$TEST_TMP/demo/inventory.json
[ -f "$inv" ] || { fail "no $inv"; finish; exit 1; }

jq -r '.sources[].tables[] as $t | $t.columns[] as $c | $c.findings[]
       | select(.evidence == "name" or .evidence == "value" or .evidence == "name+value")
       | [$t.name, $c.name, .category] | @tsv' "$inv" \
	| sort -u >"$TEST_TMP/got.tsv"
grep -v '^#' "$STEWARD_SRC/tests/fixtures/demo_expected.tsv" | sort -u >"$TEST_TMP/want.tsv"

tp=$(comm -12 "$TEST_TMP/got.tsv" "$TEST_TMP/want.tsv" | wc -l)
fp=$(comm -23 "$TEST_TMP/got.tsv" "$TEST_TMP/want.tsv" | wc -l)
fn=$(comm -13 "$TEST_TMP/got.tsv" "$TEST_TMP/want.tsv" | wc -l)
awk -v tp="$tp" -v fp="$fp" -v fn="$fn" 'BEGIN {
	p = tp + fp ? tp / (tp + fp) : 1; r = tp + fn ? tp / (tp + fn) : 1
	printf "demo: precision %.3f recall %.3f (tp %d, fp %d, fn %d)\n", p, r, tp, fp, fn }'
comm -23 "$TEST_TMP/got.tsv" "$TEST_TMP/want.tsv" | sed 's/^/  unexpected: /' >&2
comm -13 "$TEST_TMP/got.tsv" "$TEST_TMP/want.tsv" | sed 's/^/  missing: /' >&2
expect_eq "$fp" 0 "unexpected findings on the demo"
expect_eq "$fn" 0 "missing findings on the demo"

# Whose rows: every demo table's subject (tests/fixtures/demo_subjects.tsv),
# and what follows from it: keys of customers, linked attributes of their
# events, nothing personal in the product catalogue.
jq -r '.sources[].tables[] | [.name, .subject.kind] | @tsv' "$inv" | sort >"$TEST_TMP/subj.tsv"
grep -v '^#' "$STEWARD_SRC/tests/fixtures/demo_subjects.tsv" | sort >"$TEST_TMP/subj-want.tsv"
if cmp -s "$TEST_TMP/subj.tsv" "$TEST_TMP/subj-want.tsv"; then pass; else
	fail "demo subjects differ from tests/fixtures/demo_subjects.tsv"
	diff "$TEST_TMP/subj-want.tsv" "$TEST_TMP/subj.tsv" | sed 's/^/  /' >&2
fi
linked() {   # TABLE COLUMN -> "sensitivity/evidence/category" of its finding
	jq -r --arg t "$1" --arg c "$2" '.sources[].tables[] | select(.name == $t) | .columns[]
	    | select(.name == $c) | [.findings[] | "\(.sensitivity)/\(.evidence)/\(.category)"] | join(",")' "$inv"
}
expect_eq "$(linked payments amount_cents)" linked/subject/user.financial "a payment's amount"
expect_eq "$(linked orders ordered_at)" linked/subject/user.behavior.purchase_history "an order's date"
expect_eq "$(linked order_items quantity)" linked/subject/user.behavior.purchase_history "an order line, through its order"
expect_eq "$(linked pharmacy_allergies recorded_at)" linked/subject/user.health "a clinical record's date"
expect_eq "$(linked customers loyalty_tier)" linked/subject/user.account "an attribute of a customer"
expect_eq "$(linked customers updated_at)" "" "row maintenance is not about the customer"
expect_eq "$(linked order_items product_id)" "" "the key of a product is not personal"
expect_eq "$(linked products price_cents)" "" "the catalogue is reference data"
expect_eq "$(linked customer_order_summary lifetime_cents)" linked/inherited/user.behavior.purchase_history "a view inherits linked data"
expect_eq "$(jq '[.sources[].tables[].columns[].findings[] | select(.evidence == "subject" and (.note // "") == "")] | length' "$inv")" 0 "every subject finding says why"

# no raw sampled value reaches the inventory: no e-mail address, card or IBAN
expect_no_grep '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}' "$inv" "an e-mail address in the inventory"
expect_no_grep '[0-9]{4} ?[0-9]{4} ?[0-9]{4} ?[0-9]{4}' "$inv" "a card number in the inventory"

finish
