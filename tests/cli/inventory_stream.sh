# The inventory reader streams a file one table and one edge at a time
# (docs/performance.md, "Many tables in one source"): what it reads is what
# the whole-document reader reads, whatever the order of the members, and
# a fault deep in a table is reported at its FILE:LINE:COLUMN or its JSON
# pointer, exit 2.
. "$STEWARD_SRC/tests/lib.sh"
expect_rc 0 "$STEWARD" demo -q -o "$TEST_TMP/d"
cd "$TEST_TMP/d" || exit 1

# Streamed (steward's own order) and whole (keys sorted: "sources" comes
# before "tool" and "version", so the reader takes the document whole):
# the same report, the same check, the same export.
jq -S . inventory.json > sorted.json
expect_eq "$(jq -r 'keys_unsorted[0]' sorted.json)" as_of "sorted.json begins with as_of"
for f in inventory.json sorted.json; do
	expect_rc 0 "$STEWARD" report "$f" --format json -o "$f.report.json"
	expect_rc 0 "$STEWARD" export "$f" --format openlineage -o "$f.ol.jsonl"
	"$STEWARD" check "$f" --format json -o "$f.check.json" >/dev/null 2>&1 || true
done
expect_eq "$(jq -S 'del(.inventory)' inventory.json.report.json | sha256sum)" \
	"$(jq -S 'del(.inventory)' sorted.json.report.json | sha256sum)" "report: streamed = whole"
expect_rc 0 cmp inventory.json.ol.jsonl sorted.json.ol.jsonl
expect_eq "$(jq -S '[.results[]] | walk(if type == "object" then del(.file) else . end)' inventory.json.check.json | sha256sum)" \
	"$(jq -S '[.results[]] | walk(if type == "object" then del(.file) else . end)' sorted.json.check.json | sha256sum)" "check: streamed = whole"
expect_eq "$(jq '[.results[]] | length' inventory.json.check.json)" \
	"$(jq '[.results[]] | length' sorted.json.check.json)" "check: as many results"

# A syntax error inside the fourth table: its own line, and the column
# of the comma where a value should be.
python3 - <<'PY'
import re
lines = open("inventory.json").read().split("\n")
seen = 0
for i, l in enumerate(lines):
    if l.strip().startswith('"rows_sampled":'):
        seen += 1
        if seen == 4:
            lines[i] = re.sub(r'("rows_sampled": )[^,]*', r'\1', l)
            open("where.txt", "w").write("%d %d\n" % (i + 1, lines[i].index('": ,') + 4))
            break
open("syntax.json", "w").write("\n".join(lines))
PY
read -r line col < where.txt
expect_rc 2 "$STEWARD" report syntax.json
expect_grep "^steward: report: syntax.json:$line:$col: " "$TEST_TMP/err" "the syntax error at $line:$col"

# A wrong type deep in a table: the JSON pointer, as the whole reader says it.
python3 - <<'PY'
lines = open("inventory.json").read().split("\n")
seen = 0
for i, l in enumerate(lines):
    if l.strip().startswith('"rows_estimate":'):
        seen += 1
        if seen == 3:
            lines[i] = l.split(":")[0] + ': "many",'
            break
open("type.json", "w").write("\n".join(lines))
PY
expect_rc 2 "$STEWARD" report type.json
expect_grep 'type.json: /sources/0/tables/2/rows_estimate: expected a non-negative integer or null' "$TEST_TMP/err"

# Cut short in the middle of the tables; garbage after the end; a source
# key twice; a NUL between two tables.
head -c "$(($(wc -c < inventory.json) / 2))" inventory.json > cut.json
expect_rc 2 "$STEWARD" report cut.json
expect_grep 'cut.json:[0-9]+:[0-9]+: unexpected end of file' "$TEST_TMP/err"
{ cat inventory.json; echo '{}'; } > trailing.json
expect_rc 2 "$STEWARD" report trailing.json
expect_grep 'trailing.json:[0-9]+:1: end of file expected' "$TEST_TMP/err"
python3 - <<'PY'
t = open("inventory.json").read()
i = t.index('"engine":')
open("dup.json", "w").write(t[:i] + '"engine": "x",\n      ' + t[i:])
j = t.index('},\n', t.index('"tables"'))
open("nul.json", "w").write(t[:j + 2] + "\0" + t[j + 2:])
PY
expect_rc 2 "$STEWARD" report dup.json
expect_grep "dup.json:[0-9]+:[0-9]+: duplicate object key 'engine'" "$TEST_TMP/err"
expect_rc 2 "$STEWARD" report nul.json
expect_grep 'nul.json:[0-9]+:[0-9]+: a NUL byte: not JSON text' "$TEST_TMP/err"

# From a pipe (not a regular file): read whole, the same report.
expect_rc 0 "$STEWARD" report <(cat inventory.json) --format json -o pipe.report.json
expect_eq "$(jq -S 'del(.inventory)' pipe.report.json | sha256sum)" \
	"$(jq -S 'del(.inventory)' inventory.json.report.json | sha256sum)" "report from a pipe"

finish
