# A runaway user pattern cannot stall a scan (issue 20): (a+)+$ against
# 256-character values hits PCRE2's match limit at once; the rule is turned
# off for that column and said so (a dismissed entry, steward explain), the
# scan finishes well inside a short statement timeout, the source is ok.
. "$STEWARD_SRC/tests/lib.sh"
cd "$TEST_TMP" || exit 1
cat > runaway.yaml <<'YAML'
- id: runaway
  category: user.content
  sensitivity: personal
  value: '(a+)+$'
  free_text: true
  examples:
    values: { match: ['aaaa'], no_match: ['bbbb'] }
- id: runaway_name
  category: user.content
  sensitivity: personal
  name: '(x+)+y'
  examples:
    names: { match: [xxy], no_match: [xxz] }
YAML
python3 - <<'PY'
import sqlite3
c = sqlite3.connect("runaway.db")
c.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxz TEXT)")
c.executemany("INSERT INTO notes (body) VALUES (?)", [("a" * 255 + "!",) for _ in range(500)])
c.commit()
PY
expect_rc 0 "$STEWARD" scan runaway.db --rules runaway.yaml --timeout 3 -o inv.json
expect_eq "$(jq -r '.sources[0].status' inv.json)" ok "the source is not partial"
expect_eq "$(jq -r '.sources[0].tables[0].columns[] | select(.name == "body") | .dismissed[0] | "\(.rule): \(.reason)"' inv.json)" \
	"runaway: its value pattern hit the regex engine's match limit on a sampled value (catastrophic backtracking), so the rule was turned off for this column" \
	"the limited rule is reported on its column"
expect_rc 0 "$STEWARD" explain inv.json runaway.main.notes.body
expect_grep 'match limit' out
expect_rc 0 "$STEWARD" rules test --rules runaway.yaml
# the name pattern meets a 33-character column name: bounded too
expect_eq "$(jq -r '[.sources[0].tables[0].columns[] | select(.name | startswith("xxx")) | .findings[] | select(.rule == "runaway_name")] | length' inv.json)" 0 "a runaway name pattern is no match"
finish
