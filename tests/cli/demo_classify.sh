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
       | select(.evidence != "inherited") | [$t.name, $c.name, .category] | @tsv' "$inv" \
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

# no raw sampled value reaches the inventory: no e-mail address, card or IBAN
expect_no_grep '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}' "$inv" "an e-mail address in the inventory"
expect_no_grep '[0-9]{4} ?[0-9]{4} ?[0-9]{4} ?[0-9]{4}' "$inv" "a card number in the inventory"

finish
