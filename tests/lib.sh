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

# Validates a JSON file against a JSON Schema (Debian's python3-jsonschema).
validate_schema() {
	local schema=$1 doc=$2
	if /usr/bin/python3 - "$schema" "$doc" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
errs = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errs[:10]:
    print("schema: %s: %s" % ("/".join(map(str, e.path)), e.message), file=sys.stderr)
sys.exit(1 if errs else 0)
PY
	then pass; else fail "$doc does not validate against $schema"; fi
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

# Ends a script: exit 1 if anything failed, and prints the plain closing line.
finish() {
	printf '%d passed, %d failed\n' "$T_COUNT" "$T_FAILS"
	[ "$T_FAILS" -eq 0 ]
}
