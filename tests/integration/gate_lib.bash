# The CI-gate flow of issue 7, shared by tests/cli/check_gate.sh (SQLite)
# and tests/integration/gate_flow.sh (PostgreSQL, MariaDB).  Not a test by
# itself (the test glob is *.sh).  Source it after tests/lib.sh, then call
#   gate_flow LABEL DSN APPLY_FUNCTION
# APPLY_FUNCTION FILE applies one SQL file to the database behind DSN.
# Runs in a fresh directory under $TEST_TMP, with relative paths as a CI
# job would have them (migrations/, .steward/), so SARIF URIs are relative.

# Every SARIF steward writes must validate against the official SARIF 2.1.0
# schema (rtm.5, fetched by scripts/fetch-sarif-schema; missing = FAIL), the
# structural subset kept in the tree, and steward's own stricter schema.
gate_sarif_check() {
	local sarif=$1
	validate_sarif_official "$sarif"
	validate_schema "$STEWARD_SRC/tests/fixtures/sarif-2.1.0-subset.schema.json" "$sarif"
	validate_schema "$STEWARD_SRC/tests/fixtures/gate-steward.schema.json" "$sarif"
}

gate_flow() {
	local label=$1 dsn=$2 apply=$3 dir
	dir=$TEST_TMP/gate-$label
	rm -rf "$dir"
	mkdir -p "$dir/migrations" "$dir/.steward"
	local here=$PWD
	cd "$dir" || exit 1
	cat > migrations/001_init.sql <<'SQL'
-- v1: no personal data but the newsletter address, which the council approved
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  created_at TIMESTAMP,
  plan VARCHAR(20)
);
CREATE TABLE newsletter (
  id INTEGER PRIMARY KEY,
  email VARCHAR(200)
);
SQL
	"$apply" migrations/001_init.sql || { fail "$label: cannot apply 001_init.sql"; exit 1; }
	cat > steward.yaml <<YAML
sources:
  - name: app
    dsn: "$dsn"
approvals:
  - match: "app.*.newsletter.email"
    category: user.contact
    approved_by: ethics-council-2026-01
    reason: newsletter sign-up, double opt-in
    expires: 2099-12-31
YAML

	# baseline: names only, as a CI job on an empty database does
	expect_rc 0 "$STEWARD" scan -c steward.yaml --sample 0 -o .steward/baseline.json --progress never
	expect_eq "$(jq -r '[.sources[0].tables[] | select(.rows_sampled != null and .rows_sampled > 0)] | length' .steward/baseline.json)" 0 \
		"$label: --sample 0 sampled no rows"
	expect_eq "$(jq -r '[.sources[0].tables[] | select(.name == "newsletter") | .columns[] | select(.name == "email") | .findings[] | .category | startswith("user.contact")] | any' .steward/baseline.json)" \
		true "$label: newsletter.email is found by name"
	expect_eq "$(jq -r '[.sources[0].tables[].columns[].findings[] | select(.evidence != "name" and .evidence != "inherited")] | length' .steward/baseline.json)" 0 \
		"$label: only name evidence with --sample 0"
	expect_rc 0 "$STEWARD" check .steward/baseline.json -c steward.yaml --as-of 2026-06-01

	# the pull request: a migration adding an unapproved email column
	cat > migrations/002_add_email.sql <<'SQL'
-- contact address for receipts

ALTER TABLE accounts ADD COLUMN email VARCHAR(200);
SQL
	"$apply" migrations/002_add_email.sql || { fail "$label: cannot apply 002_add_email.sql"; exit 1; }
	expect_rc 0 "$STEWARD" scan -c steward.yaml --sample 0 -o new.json --progress never

	expect_rc 0 "$STEWARD" diff .steward/baseline.json new.json
	expect_grep '^\+ column   app\.[^ ]*\.accounts\.email ' "$TEST_TMP/out"
	expect_grep '^\+ finding  app\.[^ ]*\.accounts\.email: user\.contact\.email' "$TEST_TMP/out"
	expect_rc 0 "$STEWARD" diff .steward/baseline.json new.json --format markdown
	expect_grep '^\| added \| `app\.[^`]*\.accounts\.email` \| `user\.contact\.email` \|' "$TEST_TMP/out"

	expect_rc 1 "$STEWARD" check new.json --baseline .steward/baseline.json -c steward.yaml \
		--migrations migrations/ --format sarif -o steward.sarif --as-of 2026-06-01
	expect_grep "1 at or above 'high'" "$TEST_TMP/err"
	gate_sarif_check steward.sarif
	local q='.runs[0].results[] | select(.ruleId == "steward/new-personal-data" and (.locations[0].logicalLocations[0].fullyQualifiedName | endswith(".accounts.email")))'
	expect_eq "$(jq -r "[$q] | length" steward.sarif)" 1 "$label: one SARIF result for accounts.email"
	expect_eq "$(jq -r "$q | .level" steward.sarif)" error "$label: level"
	expect_eq "$(jq -r "$q | .locations[0].logicalLocations[0].kind" steward.sarif)" column "$label: logical location kind"
	expect_eq "$(jq -r "$q | .locations[0].physicalLocation.artifactLocation.uri" steward.sarif)" \
		migrations/002_add_email.sql "$label: physical location is the migration"
	expect_eq "$(jq -r "$q | .locations[0].physicalLocation.region.startLine" steward.sarif)" 3 "$label: line of ADD COLUMN"
	expect_eq "$(jq -r '[.runs[0].results[] | select(.level == "error")] | length' steward.sarif)" 1 \
		"$label: the approved, baselined newsletter address is not an error"
	local fp1
	fp1=$(jq -r "$q | .partialFingerprints[\"stewardFinding/v1\"]" steward.sarif)

	# the same gate as JUnit and GitHub annotations
	expect_rc 1 "$STEWARD" check new.json --baseline .steward/baseline.json -c steward.yaml \
		--migrations migrations --format junit -o junit.xml --as-of 2026-06-01 -q
	if python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); s = r.find("testsuite"); sys.exit(0 if s.get("name") == "steward check" and s.get("failures") == "1" and len(s.findall("testcase/failure")) == 1 else 1)' junit.xml; then
		pass
	else
		fail "$label: junit.xml is not one testsuite with one failure"
	fi
	expect_rc 1 "$STEWARD" check new.json --baseline .steward/baseline.json -c steward.yaml \
		--migrations migrations --format github --as-of 2026-06-01
	expect_grep '^::error file=migrations/002_add_email\.sql,line=3,title=steward high%3A steward/new-personal-data::' "$TEST_TMP/out"

	# the council approves it
	cat > .steward/approvals.yaml <<'YAML'
approvals:
  - match: "app.*.accounts.email"
    category: user.contact.email
    approved_by: ethics-council-2026-05
    reason: receipts, deleted with the account
    expires: 2026-12-31
YAML
	expect_rc 0 "$STEWARD" check new.json --baseline .steward/baseline.json -c steward.yaml \
		--approvals .steward/approvals.yaml --migrations migrations --as-of 2026-06-01
	expect_grep "^passed: nothing at or above 'high'" "$TEST_TMP/out"

	# ... and the approval expires
	expect_rc 1 "$STEWARD" check new.json --baseline .steward/baseline.json -c steward.yaml \
		--approvals .steward/approvals.yaml --migrations migrations --as-of 2027-01-01 --format sarif -o expired.sarif
	gate_sarif_check expired.sarif
	expect_eq "$(jq -r "$q | .message.text | test(\"approval expired on 2026-12-31\")" expired.sarif)" true \
		"$label: the result says the approval expired"
	expect_eq "$(jq -r "$q | .partialFingerprints[\"stewardFinding/v1\"]" expired.sarif)" "$fp1" \
		"$label: the fingerprint is stable"
	local xq='.runs[0].results[] | select(.ruleId == "steward/approval-expired")'
	expect_eq "$(jq -r "$xq | .locations[0].physicalLocation.artifactLocation.uri" expired.sarif)" \
		.steward/approvals.yaml "$label: expired approval points at the approvals file"
	expect_eq "$(jq -r "$xq | .locations[0].physicalLocation.region.startLine" expired.sarif)" 2 \
		"$label: ... at the approval's line"
	cd "$here" || exit 1
}
