# steward check and diff end to end on SQLite: the CI-gate flow of issue 7
# (baseline, an unapproved email column -> exit 1 with a SARIF result at the
# migration line, an approval -> exit 0, the approval expired -> exit 1),
# then the error paths (exit 2) and --sample 0 reading no values.
. "$STEWARD_SRC/tests/lib.sh"
. "$STEWARD_SRC/tests/integration/gate_lib.bash"

db=$TEST_TMP/gate.db
apply_sqlite() { sqlite3 -bail "$db" < "$1"; }
gate_flow sqlite "sqlite:$db" apply_sqlite
cd "$TEST_TMP" || exit 1
base=gate-sqlite/.steward/baseline.json
new=gate-sqlite/new.json

# the schemas can fail: a result with a bad level and no message is refused
jq '.runs[0].results[0].level = "fatal" | del(.runs[0].results[0].message)' gate-sqlite/steward.sarif > bad.sarif
if (T_FAILS=0; validate_schema "$STEWARD_SRC/tests/fixtures/sarif-2.1.0-subset.schema.json" bad.sarif 2>/dev/null; [ "$T_FAILS" -gt 0 ]); then
	pass
else
	fail "the SARIF schema accepted an invalid result"
fi
# ... by the official SARIF 2.1.0 schema too (it must be there: a missing
# schema is a failure of its own, not a pass of this negative check)
if [ -f "$(sarif_schema)" ]; then
	if (T_FAILS=0; validate_sarif_official bad.sarif 2>official.err; [ "$T_FAILS" -gt 0 ]); then
		pass
	else
		fail "the official SARIF schema accepted an invalid result"
	fi
	expect_grep "'fatal' is not one of" official.err "the official schema did not reject level 'fatal'"
	expect_grep "'message' is a required property" official.err "the official schema did not require a message"
else
	fail "official SARIF schema '$(sarif_schema)' missing: run scripts/setup or scripts/fetch-sarif-schema"
fi
jq 'del(.runs[0].results[0].partialFingerprints)' gate-sqlite/steward.sarif > bad2.sarif
if (T_FAILS=0; validate_schema "$STEWARD_SRC/tests/fixtures/gate-steward.schema.json" bad2.sarif 2>/dev/null; [ "$T_FAILS" -gt 0 ]); then
	pass
else
	fail "the steward SARIF schema accepted a result without fingerprint"
fi

# --sample 0 reads no values: the statement trace has no SELECT of columns
# from user tables (row counts are metadata, not values)
sqlite3 "$db" "INSERT INTO accounts(id, plan, email) VALUES (1, 'free', 'someone.secret@example.com')"
STEWARD_TRACE=sql "$STEWARD" scan "sqlite:$db" --sample 0 -o s0.json 2>trace0.txt >/dev/null
STEWARD_TRACE=sql "$STEWARD" scan "sqlite:$db" --sample 10 -o s10.json 2>trace10.txt >/dev/null
value_reads() { grep '^steward-trace:' "$1" | grep -Ei 'from +["`]?(accounts|newsletter)' | grep -vEi 'count\(\*\)' | wc -l; }
expect_eq "$(value_reads trace0.txt)" 0 "--sample 0 read column values"
if [ "$(value_reads trace10.txt)" -gt 0 ]; then pass; else fail "the trace shows no sampling even with --sample 10 (test cannot see reads)"; fi
expect_no_grep 'someone\.secret' s10.json "a raw value reached the inventory"

# JSON output and fail-on levels
expect_rc 1 "$STEWARD" check "$new" --baseline "$base" --format json --as-of 2026-06-01
expect_eq "$(jq -r '.format + " " + (.failed | tostring) + " " + .fail_on' "$TEST_TMP/out")" "steward.check true high" "json header"
expect_eq "$(jq -r '[.results[] | select(.failing)] | map(.column) | join(",")' "$TEST_TMP/out")" email "json: failing results"
expect_rc 0 "$STEWARD" check "$new" --baseline "$base" --fail-on critical --as-of 2026-06-01
expect_rc 1 "$STEWARD" check "$new" --baseline "$base" --fail-on medium
# no baseline: the approved newsletter address is new too, without -c
expect_rc 1 "$STEWARD" check "$new" --format json
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/new-personal-data")] | length' "$TEST_TMP/out")" 2 "no baseline: both emails are new"

# diff: JSON, identity (a rescan of the same schema is no change), usage
expect_rc 0 "$STEWARD" diff "$base" "$new" --format json
expect_eq "$(jq -r '.summary.columns.added, .summary.findings.added, .summary.tables.added' "$TEST_TMP/out" | paste -sd' ')" "1 1 0" "diff json summary"
expect_rc 0 "$STEWARD" diff "$new" "$new"
expect_grep '^no changes$' "$TEST_TMP/out"
# the same source with and without sampling: names decide here, so no finding moves
expect_rc 0 "$STEWARD" diff s0.json s10.json
expect_no_grep '^[-+~] finding' "$TEST_TMP/out" "sampling changed finding identities"
expect_rc 2 "$STEWARD" diff "$base"
expect_rc 2 "$STEWARD" diff "$base" nope.json
expect_grep 'nope\.json' "$TEST_TMP/err"
expect_rc 2 "$STEWARD" diff "$base" "$new" --format yaml

# bad input is exit 2, never 0 or 1
expect_rc 2 "$STEWARD" check
expect_rc 2 "$STEWARD" check nope.json
expect_rc 2 "$STEWARD" check "$new" --fail-on severe
expect_grep "expected info, low, medium, high or critical" "$TEST_TMP/err"
expect_rc 2 "$STEWARD" check "$new" --format pdf
expect_rc 2 "$STEWARD" check "$new" --as-of 2026-02-31x
expect_rc 2 "$STEWARD" check "$new" --baseline nope.json
expect_rc 2 "$STEWARD" check "$new" --migrations no/such/dir
printf '{"format": "something.else"}\n' > other.json
expect_rc 2 "$STEWARD" check other.json
printf 'approvals:\n  - match: "app.*"\n    expires: 31.12.2026\n' > badappr.yaml
expect_rc 2 "$STEWARD" check "$new" --approvals badappr.yaml
expect_grep 'badappr\.yaml:3:' "$TEST_TMP/err"

# Tables of people (docs/subjects.md): a migration that adds a patients
# table and links visits to it gives steward/new-person-table and
# steward/new-person-link; linked attributes are not reported one by one;
# an approval of the table settles it; a baseline written by steward 0.1
# (inventory version 1, no subjects) does not flag the tables it holds.
pdb=$TEST_TMP/people.db
sqlite3 "$pdb" "CREATE TABLE wards (ward_id INTEGER PRIMARY KEY, ward_name TEXT);"
expect_rc 0 "$STEWARD" scan "sqlite:$pdb" -o people-base.json --progress never
sqlite3 "$pdb" <<'SQL'
CREATE TABLE patients (patient_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, birth_date TEXT);
CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, patient INTEGER REFERENCES patients(patient_id),
  ward_id INTEGER REFERENCES wards(ward_id), admitted_on TEXT, reason TEXT);
SQL
expect_rc 0 "$STEWARD" scan "sqlite:$pdb" -o people-new.json --progress never
expect_rc 1 "$STEWARD" check people-new.json --baseline people-base.json --format json --fail-on medium
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/new-person-table") | .table] | join(",")' out)" patients "a new table of people"
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/new-person-link") | "\(.table).\(.column)"] | join(",")' out)" visits.patient "a new key to people"
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/new-person-link")][0].severity' out)" medium "a new key to people is medium"
expect_eq "$(jq -r '[.results[] | select(.column == "admitted_on" or .column == "reason")] | length' out)" 0 "linked attributes are not reported one by one"
cat > people-appr.yaml <<'YAML'
approvals:
  - match: people.main.patients*
    approved_by: ethics-council-2026-12
    reason: ward admissions, DPIA 2026-14
  - match: people.main.visits.*
    approved_by: ethics-council-2026-12
    reason: ward admissions, DPIA 2026-14
YAML
expect_rc 0 "$STEWARD" check people-new.json --baseline people-base.json --approvals people-appr.yaml --format json --fail-on medium
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/new-person-table" or .rule_id == "steward/new-person-link")] | length' out)" 0 "approvals settle tables and keys"
expect_rc 0 "$STEWARD" check people-new.json --baseline people-new.json --format sarif -o people.sarif
validate_schema "$STEWARD_SRC/tests/fixtures/sarif-2.1.0-subset.schema.json" people.sarif
expect_grep '"id": "steward/new-person-table"' people.sarif "the SARIF rules list the new kinds"
# an old baseline: version 1, no subjects; patients and visits in it
jq '.version = 1 | del(.sources[].tables[].subject) | del(.sources[].tables[].columns[].dismissed)
    | .sources[].tables[].columns[].findings |= map(select(.evidence != "subject" and .evidence != "fk")
    | del(.note))' people-new.json > people-v1.json
# (the keys steward 0.1 did not know are new findings: the gate says so)
expect_rc 1 "$STEWARD" check people-new.json --baseline people-v1.json --format json --fail-on medium
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/new-personal-data") | .column] | join(",")' out)" patient "a version-1 baseline: the key steward 0.1 did not know"
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/new-person-table" or .rule_id == "steward/new-person-link")] | length' out)" 0 "a version-1 baseline holding the tables flags none of them"
expect_rc 0 "$STEWARD" diff people-v1.json people-new.json
expect_rc 0 "$STEWARD" check --help
expect_grep '^usage: steward check' "$TEST_TMP/out"
expect_rc 0 "$STEWARD" diff --help
finish
