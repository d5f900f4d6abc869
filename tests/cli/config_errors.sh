# steward scan -c with a broken steward.yaml: exit 2, exactly one line on
# stderr of the form "[steward: ]FILE:LINE:COL: message", no inventory
# written, and no DSN secret (literal or from ${ENV}) in the message.
. "$STEWARD_SRC/tests/lib.sh"
"$STEWARD" scan --help >/dev/null 2>&1 || skip_test "steward scan is not available"
cd "$TEST_TMP"

# check_config NAME 'EXPECTED MESSAGE' <<YAML: writes NAME, runs the scan and
# checks the exit code, the single stderr line and that no output appeared.
check_config() {
	local file=$1 want=$2 lines
	cat >"$file"
	rm -f out.json
	expect_rc 2 "$STEWARD" scan -c "$file" -o out.json --progress never
	lines=$(wc -l <"$TEST_TMP/err")
	expect_eq "$lines" 1 "$file: one line on stderr"
	expect_eq "$(sed 's/^steward: //' "$TEST_TMP/err")" "$want" "$file: message"
	if [ -e out.json ]; then fail "$file: an inventory was written"; else pass; fi
}

check_config bad.yaml "bad.yaml:4:5: unknown key 'retension' in categories.user.contact (did you mean 'retention'?)" <<'YAML'
# steward.yaml with a typo
categories:
  user.contact:
    retension: 2y
YAML

check_config views.yaml "views.yaml:3:10: expected true or false for 'views', got another value" <<'YAML'
sources: [{ dsn: "sqlite:x.db" }]
sample:
  views: sometimes
YAML

check_config view_timeout.yaml "view_timeout.yaml:2:35: invalid view_timeout '0': use a whole number of seconds from 1 to 86400" <<'YAML'
sources: [{ dsn: "sqlite:x.db" }]
sample: { rows: 10, view_timeout: 0 }
YAML

check_config syntax.yaml "syntax.yaml:3:1: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence started on line 2" <<'YAML'
rules:
  packs: [core, extra
YAML

check_config duration.yaml "duration.yaml:2:36: invalid duration '2 years': use a number followed by d, w, m or y" <<'YAML'
tables:
  shop.public.orders: { retention: 2 years }
YAML

check_config type.yaml "type.yaml:4:15: expected a list of strings for 'purposes', got a mapping" <<'YAML'
sources:
  - name: shop
    dsn: sqlite:shop.db
    purposes: { billing: yes }
YAML

check_config missing.yaml "missing.yaml:2:5: missing required key 'dsn' in sources[0]" <<'YAML'
sources:
  - name: shop
YAML

check_config flow.yaml "flow.yaml:2:11: invalid 'from' in flows[0]: 'customers' is not of the form SOURCE.SCHEMA.TABLE" <<'YAML'
flows:
  - from: customers
    to: analytics.crm.customers_copy
YAML

check_config date.yaml "date.yaml:3:14: invalid date '2027-02-30' for 'expires': use YYYY-MM-DD" <<'YAML'
approvals:
  - match: analytics.crm.customers_copy.email_addr
    expires: 2027-02-30
YAML

# The password from the environment is expanded before the unset variable
# is found; neither it nor the literal one may show up.
export STW_CLI_SECRET='Zq9-topsecret-pw'
unset STW_CLI_UNSET
check_config env.yaml "env.yaml:3:10: environment variable 'STW_CLI_UNSET' is not set" <<'YAML'
sources:
  - name: shop
    dsn: postgres://scanner:${STW_CLI_SECRET}@${STW_CLI_UNSET}/shop
YAML
expect_no_grep 'topsecret' "$TEST_TMP/err" "the expanded password leaked into stderr"

check_config envdup.yaml "envdup.yaml:4:5: duplicate key 'dsn' in sources[0] (first given on line 3)" <<'YAML'
sources:
  - name: shop
    dsn: postgres://scanner:${STW_CLI_SECRET}@db/shop
    dsn: postgres://scanner:literal-hunter2@db/shop
YAML
expect_no_grep 'topsecret|hunter2' "$TEST_TMP/err" "a password leaked into stderr"

# A missing file is "not found", also exit 2.
rm -f out.json
expect_rc 2 "$STEWARD" scan -c nosuch.yaml -o out.json --progress never
expect_eq "$(sed 's/^steward: //' "$TEST_TMP/err")" \
  "cannot open 'nosuch.yaml': No such file or directory" "missing file message"

# subjects: and not_personal: (docs/subjects.md)
check_config subject-kind.yaml "subject-kind.yaml:2:25: unknown subject 'organisaton' for 'shop.public.partners' (did you mean 'organisation'?)" <<'YAML'
subjects:
  shop.public.partners: organisaton
YAML

check_config subject-key.yaml "subject-key.yaml:2:3: invalid key 'partners' in subjects: expected SOURCE.SCHEMA.TABLE (globs allowed)" <<'YAML'
subjects:
  partners: organisation
YAML

check_config subject-list.yaml "subject-list.yaml:2:18: expected a subject for 'shop.public.x' (person, person_event, organisation, reference or unknown), got a list" <<'YAML'
subjects:
  shop.public.x: [person]
YAML

check_config np-reason.yaml "np-reason.yaml:2:5: missing required key 'reason' in not_personal[0]: say why the column is not personal data" <<'YAML'
not_personal:
  - match: shop.public.x.tier
  - match: shop.public.x.other
    reason: fine
YAML

check_config np-match.yaml "np-match.yaml:2:12: invalid 'match' in not_personal[0]: 'shop.public.x' is not of the form SOURCE.SCHEMA.TABLE.COLUMN (globs allowed)" <<'YAML'
not_personal:
  - match: shop.public.x
    reason: a table is not a column
YAML

check_config np-key.yaml "np-key.yaml:4:5: unknown key 'decidedby' in not_personal[0] (did you mean 'decided_by'?)" <<'YAML'
not_personal:
  - match: shop.public.x.tier
    reason: three values
    decidedby: council
YAML

# Hostile YAML (issue 20): bounded, and positions where the byte is.
python3 -c "print('a: ' + '[' * 100000 + ']' * 100000)" | check_config deep.yaml "deep.yaml:1:67: nested more than 64 levels deep"
printf 'sources:\n  - name: a\0b\n' | check_config nul.yaml "nul.yaml:2:12: invalid YAML: control characters are not allowed (byte offset 20)"
printf 'sources:\n  - name: a\377b\n' | check_config utf8.yaml "utf8.yaml:2:12: invalid YAML: invalid leading UTF-8 octet (byte offset 20)"
{ printf 'x: &a [1]\ny: ['; for i in $(seq 300); do printf '*a, '; done; printf '1]\n'; } | check_config aliases.yaml "aliases.yaml:2:1029: more than 256 aliases (*name)"
# ... and in rule packs and inventories
python3 -c "print('- ' * 80 + 'x')" > deep-rules.yaml
expect_rc 2 "$STEWARD" rules test --rules deep-rules.yaml
expect_grep 'deep-rules.yaml:1:129: nested more than 64 levels deep' err
printf -- '- id: x\n  name: a\377b\n' > utf8-rules.yaml
expect_rc 2 "$STEWARD" rules test --rules utf8-rules.yaml
expect_grep 'utf8-rules.yaml:2:10: bad YAML: invalid leading UTF-8 octet' err
: > empty.json
expect_rc 2 "$STEWARD" report empty.json
expect_grep 'empty.json:1:1: empty file, not a steward inventory' err
printf '{\n  "format": "steward.inventory"\0}' > nul.json
expect_rc 2 "$STEWARD" report nul.json
expect_grep 'nul.json:2:32: a NUL byte: not JSON text' err

check_config legal.yaml "legal.yaml:3:14: expected the legal basis of purpose 'marketing' as a string (e.g. \"contract (art. 6(1)(b))\"), got a list" <<'YAML'
legal_bases:
  billing: contract
  marketing: [consent]
rules: { packs: [core] }
YAML

check_config fides.yaml "fides.yaml:1:8: expected a list of strings for 'fides', got a string" <<'YAML'
fides: datasets.yml
YAML

finish
