#!/usr/bin/env bash
# steward rules: the built-in packs' examples pass (what CI runs), list and
# explain work, a failing example exits 1, and every kind of malformed pack
# exits 2 with one FILE:LINE:COL message.
. "$STEWARD_SRC/tests/lib.sh"
set -e

expect_rc 0 "$STEWARD" rules test
expect_grep '^[0-9]+ rules, [0-9]+ passed, 0 failed$' "$TEST_TMP/out"

# The same packs from disk pass every load-time check, including the one
# the built-in copies skip (a name pattern compiled alone, outside the
# word-part wrapper), and hold as many rules as the built-in copies.
builtin_rules=$(sed -n 's/^\([0-9]*\) rules, .*/\1/p' "$TEST_TMP/out")
expect_rc 0 "$STEWARD" rules test "$STEWARD_SRC"/rules/packs/*.yaml
expect_grep "^$builtin_rules rules, [0-9]+ passed, 0 failed\$" "$TEST_TMP/out"

expect_rc 0 "$STEWARD" rules list
expect_grep '^email +user\.contact\.email +personal +core$' "$TEST_TMP/out"
expect_grep '^credit_card +user\.financial\.credit_card +high +core$' "$TEST_TMP/out"
expect_grep '^icd10 +user\.health\.medical_diagnosis +special +health$' "$TEST_TMP/out"
expect_grep '^snomed +user\.health +special +health$' "$TEST_TMP/out"
expect_grep '^courtesy_title +user\.demographic\.gender +quasi +core$' "$TEST_TMP/out"

# Rules decided by the table's subject say so; the clinical-code validators.
expect_rc 0 "$STEWARD" rules explain subject_job_title
expect_grep '^subject: +person ' "$TEST_TMP/out"
expect_grep '^table: +' "$TEST_TMP/out"
expect_rc 0 "$STEWARD" rules explain snomed
expect_grep '^validate: +verhoeff ' "$TEST_TMP/out"
expect_rc 0 "$STEWARD" rules explain loinc
expect_grep '^validate: +loinc ' "$TEST_TMP/out"
expect_rc 0 "$STEWARD" rules explain provider_npi
expect_grep '^validate: +npi ' "$TEST_TMP/out"

# The health pack loads by default; rules: { packs: [core] } leaves it out.
sqlite3 "$TEST_TMP/clinic.db" "CREATE TABLE visit (id INTEGER PRIMARY KEY, icd10_code TEXT);
  INSERT INTO visit VALUES (1, 'E11.9'), (2, 'J45.909'), (3, 'I10');"
printf 'rules:\n  packs: [core]\n' > "$TEST_TMP/core-only.yaml"
expect_rc 0 "$STEWARD" scan -q "$TEST_TMP/clinic.db" -o "$TEST_TMP/all.json"
expect_eq "$(jq -r '.sources[0].tables[0].columns[] | select(.name == "icd10_code") | .findings[0].rule' "$TEST_TMP/all.json")" icd10 "health pack on by default"
expect_rc 0 "$STEWARD" scan -q -c "$TEST_TMP/core-only.yaml" "$TEST_TMP/clinic.db" -o "$TEST_TMP/core.json"
expect_eq "$(jq -r '[.sources[0].tables[0].columns[] | select(.name == "icd10_code") | .findings[] | select(.category | startswith("user.health"))] | length' "$TEST_TMP/core.json")" 0 "packs: [core] leaves health out"

# The languages pack loads by default too: a Dutch register's columns.
sqlite3 "$TEST_TMP/gemeente.db" "CREATE TABLE inwoners (id INTEGER PRIMARY KEY, voornaam TEXT,
  geboortedatum TEXT, woonplaats TEXT, burgerlijke_staat TEXT);
  INSERT INTO inwoners VALUES (1, 'Sanne', '1980-02-03', 'Utrecht', 'gehuwd'),
  (2, 'Daan', '1975-11-30', 'Zwolle', 'ongehuwd');"
expect_rc 0 "$STEWARD" scan -q "$TEST_TMP/gemeente.db" -o "$TEST_TMP/nl.json"
for pair in voornaam:user.name.first geboortedatum:user.demographic.date_of_birth \
    woonplaats:user.contact.address.city burgerlijke_staat:user.demographic.marital_status; do
	expect_eq "$(jq -r --arg c "${pair%%:*}" '[.sources[0].tables[0].columns[] | select(.name == $c) | .findings[] | select(.evidence != "subject") | .category][0]' "$TEST_TMP/nl.json")" \
	    "${pair#*:}" "languages pack: ${pair%%:*}"
done
expect_rc 0 "$STEWARD" scan -q -c "$TEST_TMP/core-only.yaml" "$TEST_TMP/gemeente.db" -o "$TEST_TMP/nl-core.json"
expect_eq "$(jq -r '[.sources[0].tables[0].columns[] | select(.name == "voornaam") | .findings[] | select(.category == "user.name.first")] | length' "$TEST_TMP/nl-core.json")" 0 "packs: [core] leaves the languages pack out"

expect_rc 0 "$STEWARD" rules explain iban
expect_grep '^validate: +iban ' "$TEST_TMP/out"
expect_grep '^min_ratio: +0\.80' "$TEST_TMP/out"
expect_grep "match +'DE89 3704 0044 0532 0130 00'" "$TEST_TMP/out"
expect_rc 2 "$STEWARD" rules explain no_such_rule
expect_grep "no rule 'no_such_rule'" "$TEST_TMP/err"
expect_rc 2 "$STEWARD" rules
expect_rc 2 "$STEWARD" rules frobnicate
expect_rc 0 "$STEWARD" rules --help
expect_grep 'explain RULE-ID' "$TEST_TMP/out"

# a user pack, with a passing and a failing example
cat >"$TEST_TMP/mine.yaml" <<'Y'
- id: loyalty_no
  category: user.unique_id
  sensitivity: personal
  name: 'loyalty_?(no|number)'
  value: 'LY-\d{8}'
  examples:
    names: { match: [loyalty_no], no_match: [loyalty_tier] }
    values: { match: [LY-12345678], no_match: [LY-1234, LY-123456789] }
Y
expect_rc 0 "$STEWARD" rules test "$TEST_TMP/mine.yaml"
expect_grep '^1 rules, 5 passed, 0 failed$' "$TEST_TMP/out"
expect_rc 0 "$STEWARD" rules list --rules "$TEST_TMP/mine.yaml"
expect_grep '^loyalty_no +user\.unique_id +personal +mine$' "$TEST_TMP/out"
sed 's/no_match: \[LY-1234, /no_match: [LY-87654321, /' "$TEST_TMP/mine.yaml" >"$TEST_TMP/failing.yaml"
expect_rc 1 "$STEWARD" rules test "$TEST_TMP/failing.yaml"
expect_grep "^FAIL loyalty_no: value 'LY-87654321' should not match$" "$TEST_TMP/out"
expect_grep '^1 rules, 4 passed, 1 failed$' "$TEST_TMP/out"

# malformed packs: exit 2, FILE:LINE:COL
bad() {
	local name=$1 want=$2
	printf '%b' "$3" >"$TEST_TMP/$name.yaml"
	expect_rc 2 "$STEWARD" rules test "$TEST_TMP/$name.yaml"
	expect_grep "^steward: $TEST_TMP/$name.yaml:$want" "$TEST_TMP/err"
	expect_eq "$(wc -l <"$TEST_TMP/err")" 1 "$name: one error line"
}
bad yaml '3:1: bad YAML' '- id: x\n  category: [a\n'
bad regex "4:9: bad name regex" "- id: x\n  category: user.contact.email\n  sensitivity: personal\n  name: '(abc'\n"
# balanced only inside the word-part wrapper: caught by compiling it alone
bad escape "4:9: bad name regex" "- id: x\n  category: user.contact.email\n  sensitivity: personal\n  name: 'a)|(b'\n"
bad category "2:13: rule 'x': unknown category 'user.contact.emial'" '- id: x\n  category: user.contact.emial\n  sensitivity: personal\n  name: a\n'
bad validator "5:13: rule 'x': unknown validator 'lunh'" '- id: x\n  category: user.contact.email\n  sensitivity: personal\n  value: a\n  validate: lunh\n'
# a directory of packs: the bad one is named
mkdir -p "$TEST_TMP/dir"
cp "$TEST_TMP/mine.yaml" "$TEST_TMP/dir/a.yaml"
cp "$TEST_TMP/category.yaml" "$TEST_TMP/dir/b.yml"
expect_rc 2 "$STEWARD" rules list --rules "$TEST_TMP/dir"
expect_grep "dir/b.yml:2:13: " "$TEST_TMP/err"
expect_rc 2 "$STEWARD" rules test "$TEST_TMP/missing.yaml"
expect_grep "missing.yaml" "$TEST_TMP/err"

finish
