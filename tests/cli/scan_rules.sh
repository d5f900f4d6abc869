# How steward scan builds its rule set.  With the built-in packs alone it
# compiles them while the first source connects; with rule files or
# disabled rules it loads them before any connection.  Either way the
# inventory is the same (any --jobs), and bad rules are bad input: exit 2,
# one line, no inventory, reported before steward connects to anything
# (the DSN points at a closed port on 127.0.0.1, so an attempt would show
# as "cannot connect" and exit 3).
. "$STEWARD_SRC/tests/lib.sh"
cd "$TEST_TMP" || exit 1

"$STEWARD" demo --sql sqlite | sqlite3 demo.db || { fail "cannot build the demo database"; finish; exit 1; }
cat > never.yaml <<'YAML'
- id: never_matches
  category: user.contact.email
  sensitivity: personal
  name: 'zzzq_never_zzzq'
  examples:
    names: { match: [zzzq_never_zzzq], no_match: [email] }
YAML
cat > disable.yaml <<YAML
sources:
  - name: demo
    dsn: sqlite:$TEST_TMP/demo.db
rules:
  files: [never.yaml]
  disable: [never_matches]
YAML

same() { jq -S 'del(.generated_at)' "$1"; }

expect_rc 0 "$STEWARD" scan "sqlite:demo.db" --as-of 2026-11-01 -q -o builtin.json
expect_eq "$(jq '[.sources[].tables[].columns[].findings[]] | length > 20' builtin.json)" true \
	"the built-in packs find the demo's personal data"
expect_rc 0 "$STEWARD" scan "sqlite:demo.db" --as-of 2026-11-01 -q -o jobs.json --jobs 4
expect_eq "$(same jobs.json)" "$(same builtin.json)" "--jobs 4 gives the same inventory"
expect_rc 0 "$STEWARD" scan "sqlite:demo.db" --as-of 2026-11-01 -q -o files.json --rules never.yaml
expect_eq "$(same files.json)" "$(same builtin.json)" "a rule file that matches nothing changes nothing"
expect_rc 0 "$STEWARD" scan -c disable.yaml demo --as-of 2026-11-01 -q -o disabled.json
expect_eq "$(jq -S 'del(.generated_at) | .sources[0].dsn = null' disabled.json)" \
	"$(jq -S 'del(.generated_at) | .sources[0].dsn = null' builtin.json)" \
	"rules.files with a disabled rule: the same inventory"

# -v closes each source with the classifier's time and values
expect_rc 0 "$STEWARD" scan "sqlite:demo.db" -v -o v.json --progress never
expect_grep '^steward: demo: done in [0-9.]+ s \(ok\); classifier [0-9.]+ s for [1-9][0-9]* values$' "$TEST_TMP/err"
expect_rc 0 "$STEWARD" scan "sqlite:demo.db" -v --sample 0 -o v0.json --progress never
expect_grep '; classifier [0-9.]+ s for 0 values$' "$TEST_TMP/err"

# bad rules: reported first (at their place in steward.yaml when they
# come from there), nothing connected, nothing written
closed="postgres://steward@127.0.0.1:1/none"
bad_rules() {
	local label=$1 want=$2
	shift 2
	rm -f bad.json
	expect_rc 2 "$STEWARD" scan "$@" -o bad.json --progress never
	expect_eq "$(wc -l < "$TEST_TMP/err")" 1 "$label: one line on stderr"
	expect_grep "$want" "$TEST_TMP/err" "$label: the message"
	expect_no_grep 'cannot connect' "$TEST_TMP/err" "$label: no connection was tried"
	if [ -e bad.json ]; then fail "$label: an inventory was written"; else pass; fi
}
printf 'sources:\n  - name: shop\n    dsn: %s\nrules:\n  packs: [core, extra]\n' "$closed" > packs.yaml
bad_rules "unknown pack" "^steward: packs\.yaml:5:17: no built-in rule pack 'extra'\$" -c packs.yaml
printf 'sources:\n  - name: shop\n    dsn: %s\nrules:\n  disable: [ip_adress]\n' "$closed" > dis.yaml
bad_rules "unknown rule disabled" "^steward: dis\.yaml:5:13: cannot disable rule 'ip_adress': no such rule\$" -c dis.yaml
printf 'sources:\n  - name: shop\n    dsn: %s\nrules:\n  files: [nope.yaml]\n' "$closed" > files.yaml
bad_rules "missing rule file" "^steward: files\.yaml:5:11: cannot read rule pack '(.*/)?nope\.yaml': no such file or directory\$" -c files.yaml
printf -- '- id: x\n  category: nope\n  sensitivity: personal\n  name: x\n' > bad.yaml
bad_rules "bad rule file" "bad.yaml:2:13: rule 'x': unknown category 'nope'" "$closed" --rules bad.yaml
printf -- '- id: email\n  category: user.contact.email\n  sensitivity: personal\n  name: mail\n' > dup.yaml
bad_rules "rule id of a built-in rule" "dup.yaml:1:7: duplicate rule id 'email'" "$closed" --rules dup.yaml
finish
