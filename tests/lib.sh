# Shared helpers for cli and integration test scripts (bash).
# Each script: `. "$STEWARD_SRC/tests/lib.sh"`, then uses these.
set -u
: "${STEWARD:?STEWARD must point at the steward binary}"
: "${STEWARD_SRC:?}"
TEST_TMP=${TEST_TMP:-$(mktemp -d)}
rm -rf "$TEST_TMP"
mkdir -p "$TEST_TMP"
T_FAILS=0
T_COUNT=0
# Fingerprints are keyed; without a key every run draws its own, and two
# scans of the same database differ.  Tests compare scans, so they share
# one key (tests/integration/inferred_lineage.sh checks the random case).
export STEWARD_FINGERPRINT_KEY=${STEWARD_FINGERPRINT_KEY:-steward-tests-fingerprint-key-1}

fail() { printf 'FAIL: %s\n' "$*" >&2; T_FAILS=$((T_FAILS + 1)); }
pass() { T_COUNT=$((T_COUNT + 1)); }
skip_test() { printf 'SKIP: %s\n' "$*" >&2; exit 77; }

# expect_rc WANT CMD...: runs CMD, stdout -> $TEST_TMP/out, stderr -> $TEST_TMP/err
expect_rc() {
	local want=$1 got
	shift
	set +e
	"$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	got=$?
	set -e
	if [ "$got" -ne "$want" ]; then
		fail "exit $got, want $want: $*"
		sed 's/^/  stderr: /' "$TEST_TMP/err" | head -20 >&2
	else
		pass
	fi
}

# expect_grep PATTERN FILE [msg]: extended regex must match a line of FILE
expect_grep() {
	if grep -Eq -- "$1" "$2"; then pass; else fail "${3:-no line matching '$1' in $2}"; head -20 "$2" | sed 's/^/  | /' >&2; fi
}
expect_no_grep() {
	if grep -Eq -- "$1" "$2"; then fail "${3:-unexpected '$1' in $2}"; grep -E -- "$1" "$2" | head -5 | sed 's/^/  | /' >&2; else pass; fi
}
# expect_eq GOT WANT MSG
expect_eq() {
	if [ "$1" = "$2" ]; then pass; else fail "$3: got '$1', want '$2'"; fi
}

# jq wrapper that fails the test on a jq error
jqr() { jq -r "$@" || { fail "jq failed: $*"; echo ""; }; }

# validate_schema [--formats] SCHEMA DOC: validates a JSON file against a JSON
# Schema (Debian's python3-jsonschema).  --formats also checks "format"
# (uri, email, ...) with the draft's format checker (cls.FORMAT_CHECKER); an
# older jsonschema without it gets the generic FormatChecker instead.
# A format whose checker module is not installed (date-time needs
# rfc3339-validator, not in Debian 12; uri needs python3-rfc3987, which
# scripts/setup installs) is not checked.
validate_schema() {
	local formats=0
	if [ "$1" = --formats ]; then formats=1; shift; fi
	local schema=$1 doc=$2
	if /usr/bin/python3 - "$schema" "$doc" "$formats" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
checker = None
if sys.argv[3] == "1":
    checker = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
errs = sorted(cls(schema, format_checker=checker).iter_errors(doc), key=lambda e: list(e.path))
for e in errs[:10]:
    print("schema: %s: %s" % ("/".join(map(str, e.path)), e.message), file=sys.stderr)
sys.exit(1 if errs else 0)
PY
	then pass; else fail "$doc does not validate against $schema"; fi
}

# Path of the official SARIF 2.1.0 JSON schema (rtm.5), which is not in the
# repository: scripts/fetch-sarif-schema (run by scripts/setup) puts it in
# the cache.  STEWARD_SARIF_SCHEMA overrides the path.
sarif_schema() {
	printf '%s\n' "${STEWARD_SARIF_SCHEMA:-${STEWARD_CACHE:-${HOME:-}/.cache/steward}/sarif-2.1.0-rtm.5.json}"
}

# validate_sarif_official DOC: DOC against the official SARIF schema, with
# format checks.  A missing schema FAILS the test (never a skip); the cached
# file must also have the sha256 pinned in scripts/fetch-sarif-schema, unless
# STEWARD_SARIF_SCHEMA names a file on purpose.
validate_sarif_official() {
	local schema pin have
	schema=$(sarif_schema)
	if [ ! -f "$schema" ]; then
		fail "official SARIF 2.1.0 schema not found at '$schema': run scripts/setup or scripts/fetch-sarif-schema (or set STEWARD_SARIF_SCHEMA)"
		return
	fi
	if [ -z "${STEWARD_SARIF_SCHEMA:-}" ]; then
		pin=$(sed -n 's/^SHA256=//p' "$STEWARD_SRC/scripts/fetch-sarif-schema")
		have=$(sha256sum "$schema" | cut -d' ' -f1)
		if [ -z "$pin" ] || [ "$have" != "$pin" ]; then
			fail "'$schema' has sha256 $have, want '$pin': run scripts/fetch-sarif-schema"
			return
		fi
	fi
	validate_schema --formats "$schema" "$1"
}

# validate_openlineage FILE: every line of FILE is an OpenLineage 2-0-2
# event (tests/fixtures/openlineage-2-0-2-subset.schema.json, formats
# checked) and every stewardPrivacy facet matches the schema steward ships
# for it (docs/openlineage/StewardPrivacyDatasetFacet.json).  Prints the
# number of datasets checked.
validate_openlineage() {
	if /usr/bin/python3 - "$STEWARD_SRC" "$1" <<'PY'
import json, sys
import jsonschema
src, path = sys.argv[1], sys.argv[2]
ev_schema = json.load(open(src + "/tests/fixtures/openlineage-2-0-2-subset.schema.json"))
facet_schema = json.load(open(src + "/docs/openlineage/StewardPrivacyDatasetFacet.json"))
cls = jsonschema.Draft202012Validator
fc = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
bad = 0
datasets = 0
for n, line in enumerate(open(path, encoding="utf-8"), 1):
    ev = json.loads(line)
    for e in cls(ev_schema, format_checker=fc).iter_errors(ev):
        print("openlineage: line %d: %s: %s" % (n, "/".join(map(str, e.path)), e.message[:300]), file=sys.stderr)
        bad += 1
    sets = ev.get("inputs", []) + ev.get("outputs", []) + ([ev["dataset"]] if "dataset" in ev else [])
    for d in sets:
        datasets += 1
        for e in cls(facet_schema, format_checker=fc).iter_errors(d.get("facets", {})):
            print("stewardPrivacy: line %d: %s: %s" % (n, "/".join(map(str, e.path)), e.message[:300]), file=sys.stderr)
            bad += 1
print(datasets)
sys.exit(1 if bad else 0)
PY
	then pass; else fail "$1 is not valid OpenLineage"; fi
}

# validate_fides FILE: a fideslang dataset file (YAML), against
# tests/fixtures/fideslang-dataset-subset.schema.json.
validate_fides() {
	if /usr/bin/python3 - "$STEWARD_SRC" "$1" <<'PY'
import json, sys
import jsonschema, yaml
src, path = sys.argv[1], sys.argv[2]
schema = json.load(open(src + "/tests/fixtures/fideslang-dataset-subset.schema.json"))
doc = yaml.safe_load(open(path, encoding="utf-8"))
errs = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
for e in errs[:10]:
    print("fides: %s: %s" % ("/".join(map(str, e.path)), e.message[:300]), file=sys.stderr)
sys.exit(1 if errs else 0)
PY
	then pass; else fail "$1 is not a valid fideslang dataset file"; fi
}

# The labelled copies corpus (contrib/accuracy/copies_gen.py) in every
# engine: copies_corpus PREFIX generates it into $TEST_TMP/corpus and loads
# each domain of $COPIES_DOMAINS as database PREFIX_DOMAIN on PostgreSQL
# and MariaDB and as $TEST_TMP/PREFIX_DOMAIN.db; copies_corpus_drop PREFIX
# drops the server databases (for a trap).  Needs MYSQL_PWD.
COPIES_DOMAINS="shop clinic hr analytics"
copies_corpus() {
	local p=$1 d
	(cd "$TEST_TMP" && python3 "$STEWARD_SRC/contrib/accuracy/copies_gen.py" corpus) ||
		{ fail "corpus generator"; return 1; }
	for d in $COPIES_DOMAINS; do
		pg -d postgres -c "CREATE DATABASE ${p}_$d" >/dev/null || fail "create pg ${p}_$d"
		pg -d "${p}_$d" -f "$TEST_TMP/corpus/$d.pg.sql" >/dev/null || fail "load pg $d"
		my -e "CREATE DATABASE ${p}_$d" || fail "create mariadb ${p}_$d"
		my "${p}_$d" < "$TEST_TMP/corpus/$d.mysql.sql" >/dev/null || fail "load mariadb $d"
		sqlite3 -bail "$TEST_TMP/${p}_$d.db" < "$TEST_TMP/corpus/$d.sqlite.sql" || fail "load sqlite $d"
	done
}
copies_corpus_drop() {
	local d
	for d in $COPIES_DOMAINS; do
		pg -d postgres -c "DROP DATABASE IF EXISTS ${1}_$d" >/dev/null 2>&1
		my -e "DROP DATABASE IF EXISTS ${1}_$d" >/dev/null 2>&1
	done
}

# Integration tests: true when the throwaway servers are up (tests/run-databases).
have_pg() { [ -n "${TESTDB_PG_CONNINFO:-}" ]; }
have_my() { [ -n "${TESTDB_MY_PORT:-}" ]; }
# Fails (not skips) when STEWARD_TEST_DB=1 says the servers must be there.
need_servers() {
	if have_pg && have_my; then return 0; fi
	if [ "${STEWARD_TEST_DB:-0}" = 1 ]; then
		fail "STEWARD_TEST_DB=1 but the test servers are not configured (TESTDB_* unset)"
		exit 1
	fi
	skip_test "test servers not running (use scripts/test-databases run -- ...)"
}

# Clients of the test servers (after need_servers), for setting up fixtures;
# my() needs MYSQL_PWD exported (export MYSQL_PWD=$TESTDB_MY_PASSWORD).
pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U "$PGUSER" "$@"; }
my() { mariadb --no-defaults --protocol=TCP -h "$TESTDB_MY_HOST" -P "$TESTDB_MY_PORT" -u "$TESTDB_MY_USER" "$@"; }

# Ends a script: exit 1 if anything failed, and prints the plain closing line.
finish() {
	printf '%d passed, %d failed\n' "$T_COUNT" "$T_FAILS"
	[ "$T_FAILS" -eq 0 ]
}
