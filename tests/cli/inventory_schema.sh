# The inventory format against docs/inventory.schema.json: the hostile
# sample from the unit test (always), a real SQLite scan (when steward scan
# is available), write(read(text)) == text on both, and broken documents
# that the schema must reject (so that it is not vacuous).
. "$STEWARD_SRC/tests/lib.sh"
schema=$STEWARD_SRC/docs/inventory.schema.json
helper=$STEWARD_BUILD/tests/test_inventory

# schema_rejects DOC MSG: DOC must NOT validate.
schema_rejects() {
	local saved=$T_FAILS
	validate_schema "$schema" "$1" 2>"$TEST_TMP/verr"
	if [ "$T_FAILS" -gt "$saved" ]; then
		T_FAILS=$saved
		T_COUNT=$((T_COUNT + 1))
	else
		T_COUNT=$((T_COUNT - 1))
		fail "$2: the schema accepts a broken document"
	fi
}

# reformat DOC: reading and writing DOC again gives the same bytes.
same_after_reformat() {
	if "$helper" --reformat "$1" "$TEST_TMP/reformat.json" 2>"$TEST_TMP/rerr" &&
	    cmp -s "$1" "$TEST_TMP/reformat.json"; then
		pass
	else
		fail "write(read($1)) differs from $1"
		cat "$TEST_TMP/rerr" >&2
		diff "$1" "$TEST_TMP/reformat.json" 2>/dev/null | head -10 >&2
	fi
}

if /usr/bin/python3 -c 'import json, sys, jsonschema
s = json.load(open(sys.argv[1]))
jsonschema.validators.validator_for(s).check_schema(s)' "$schema"; then pass; else fail "$schema is not a valid JSON Schema"; fi

# (b) the unit test's hostile sample
if [ ! -x "$helper" ]; then
	fail "$helper not built"
else
	expect_rc 0 "$helper" --emit "$TEST_TMP/sample.json"
	validate_schema "$schema" "$TEST_TMP/sample.json"
	same_after_reformat "$TEST_TMP/sample.json"
	# the sample exercises nulls and omitted fields, so the schema sees them
	expect_eq "$(jq '[.sources[].tables[] | select(.rows_estimate == null)] | length > 0' "$TEST_TMP/sample.json")" true "a null count in the sample"
	expect_eq "$(jq '[.lineage[] | select(.from | has("column") | not)] | length > 0' "$TEST_TMP/sample.json")" true "a table-level edge in the sample"
	expect_eq "$(jq '[.sources[].tables[].retention | select(. != null) | .anchor == null] | any' "$TEST_TMP/sample.json")" true "a null anchor in the sample"
	# and every version-2 field, so the schema sees them too
	expect_eq "$(jq '[.sources[].tables[].columns[].findings[] | select(.sensitivity == "linked" and .evidence == "subject")] | length > 0' "$TEST_TMP/sample.json")" true "a linked finding in the sample"
	expect_eq "$(jq '[.sources[].tables[].columns[].findings[] | select(.evidence == "fk" and .note != null)] | length > 0' "$TEST_TMP/sample.json")" true "an fk finding in the sample"
	expect_eq "$(jq '[.sources[].tables[].columns[] | select(.dismissed != null and .decision != null)] | length > 0' "$TEST_TMP/sample.json")" true "a decision in the sample"
	expect_eq "$(jq '[.sources[].tables[].subject.source] | unique | join(",")' -r "$TEST_TMP/sample.json")" config,inferred "both subject sources in the sample"

	# broken documents: each must fail validation
	broken() {   # NAME JQ-FILTER
		jq "$2" "$TEST_TMP/sample.json" >"$TEST_TMP/broken-$1.json" || fail "jq $2"
		schema_rejects "$TEST_TMP/broken-$1.json" "$1"
	}
	broken no-format 'del(.format)'
	broken other-format '.format = "steward.diff"'
	broken version-3 '.version = 3'
	broken version-1 '.version = 1'
	broken no-subject 'del(.sources[0].tables[0].subject)'
	broken bad-subject '.sources[0].tables[0].subject.kind = "people"'
	broken bad-subject-source '.sources[0].tables[0].subject.source = "guess"'
	broken decision-personal '.sources[0].tables[0].columns[5].decision.personal = true'
	broken empty-dismissed '.sources[0].tables[0].columns[2].dismissed = []'
	broken as-of-not-a-date '.as_of = "yesterday"'
	broken bad-sensitivity '.sources[0].tables[0].columns[2].findings[0].sensitivity = "secret"'
	broken bad-evidence '.sources[0].tables[0].columns[2].findings[0].evidence = "guess"'
	broken raw-value '.sources[0].tables[0].columns[2].findings[0].value = "alice@example.com"'
	broken extra-column-field '.sources[0].tables[0].columns[0].samples = ["x"]'
	broken bad-status '.sources[0].status = "fine"'
	broken bad-kind '.sources[0].tables[0].kind = "sheet"'
	broken bad-edge-kind '.lineage[0].kind = "guess"'
	broken extra-edge-field '.lineage[0].weight = 1'
	broken negative-rows '.sources[0].tables[0].rows_estimate = -1'
	broken confidence-2 '.sources[0].tables[0].columns[2].findings[0].confidence = 2'
	broken no-columns 'del(.sources[0].tables[0].columns)'
	broken nullable-string '.sources[0].tables[0].columns[0].nullable = "yes"'
fi

# the example in docs/inventory.md is valid and exactly what the writer makes
awk '/^```json/ { f = 1; next } /^```/ { f = 0 } f' "$STEWARD_SRC/docs/inventory.md" >"$TEST_TMP/doc-example.json"
validate_schema "$schema" "$TEST_TMP/doc-example.json"
[ -x "$helper" ] && same_after_reformat "$TEST_TMP/doc-example.json"

# (a) a real scan, when the steward binary and its scan command exist
if [ -x "$STEWARD" ] && "$STEWARD" scan --help >/dev/null 2>&1 && command -v sqlite3 >/dev/null; then
	db=$TEST_TMP/small.db
	sqlite3 "$db" <<'SQL'
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, "Kundenstraße" TEXT, birth_date TEXT, created_at TEXT);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), total REAL);
CREATE VIEW "v ""mail""" AS SELECT c.email AS mail FROM customers c;
CREATE TRIGGER trg AFTER INSERT ON customers BEGIN INSERT INTO orders(customer_id) VALUES (NEW.id); END;
INSERT INTO customers VALUES (1, 'anna@example.com', 'Hauptstraße 1', '1980-01-02', '2020-01-01');
INSERT INTO customers VALUES (2, 'bert@example.org', 'Ringstraße 2', '1990-03-04', '2021-01-01');
SQL
	expect_rc 0 "$STEWARD" scan "sqlite:$db" -o "$TEST_TMP/inventory.json" --progress never
	if [ -s "$TEST_TMP/inventory.json" ]; then
		validate_schema "$schema" "$TEST_TMP/inventory.json"
		[ -x "$helper" ] && same_after_reformat "$TEST_TMP/inventory.json"
		expect_eq "$(jq -r '.format' "$TEST_TMP/inventory.json")" steward.inventory "scan: format"
	else
		fail "steward scan wrote no inventory"
	fi
else
	printf 'note: steward scan not available, only the sample was validated\n' >&2
fi
finish
