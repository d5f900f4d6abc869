# steward scan on SQLite, end to end: hostile names, exit codes, read-only,
# no raw values in the output, schema-valid inventory.
. "$STEWARD_SRC/tests/lib.sh"
set -e
db=$TEST_TMP/hostile.db
sqlite3 "$db" <<'SQL'
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, "Kundenstraße" TEXT, created_at TEXT);
CREATE TABLE "we""ird tab" ("e-mail addr" TEXT, "select" INTEGER, [br x] TEXT, `back``tick` TEXT, blobby BLOB, "nothing" TEXT);
CREATE TABLE "select" (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), huge TEXT);
CREATE TABLE empty_one (a TEXT, b INTEGER);
CREATE TABLE wr (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE VIEW "v ""quoted""" AS SELECT c.email AS mail FROM customers c;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO customers(id, email, "Kundenstraße", created_at)
  SELECT i, 'person' || i || '.secretvalue@example.com', 'Hauptstraße ' || i, '2024-01-01 00:00:00' FROM n;
INSERT INTO "we""ird tab" VALUES ('x.secretvalue@example.org', 1, 'a', 'b', x'00ff00ff', NULL);
INSERT INTO "select" VALUES (1, 1, printf('%.*c', 1000000, 'z'));
INSERT INTO wr VALUES ('k1', 'v1');
CREATE TRIGGER trg AFTER INSERT ON customers BEGIN INSERT INTO empty_one(a) VALUES (NEW.email); END;
SQL
sum_before=$(sha256sum "$db" | cut -d' ' -f1)
set +e

expect_rc 0 "$STEWARD" scan "sqlite:$db" -o "$TEST_TMP/inv.json" --progress never
expect_eq "$(sha256sum "$db" | cut -d' ' -f1)" "$sum_before" "the scanned file is unchanged"
expect_eq "$(jq -r '.format' "$TEST_TMP/inv.json")" "steward.inventory" "format"
expect_eq "$(jq -r '.sources[0].status' "$TEST_TMP/inv.json")" "ok" "status"
expect_eq "$(jq -r '.sources[0].engine' "$TEST_TMP/inv.json")" "sqlite" "engine"
expect_eq "$(jq -r '[.sources[0].tables[].name] | sort | join("|")' "$TEST_TMP/inv.json")" \
  'customers|empty_one|select|v "quoted"|we"ird tab|wr' "table names survive quoting"
expect_eq "$(jq -r '.sources[0].tables[] | select(.name=="we\"ird tab") | [.columns[].name] | join("|")' "$TEST_TMP/inv.json")" \
  'e-mail addr|select|br x|back`tick|blobby|nothing' "column names survive quoting"
expect_eq "$(jq -r '.sources[0].tables[] | select(.name=="customers") | .rows_estimate' "$TEST_TMP/inv.json")" 3000 "row count"
expect_eq "$(jq -r '.sources[0].tables[] | select(.name=="customers") | .rows_sampled' "$TEST_TMP/inv.json")" 1000 "default sample of 1000 rows"
expect_eq "$(jq -r '.sources[0].tables[] | select(.name=="customers") | .primary_key | join(",")' "$TEST_TMP/inv.json")" id "primary key"
expect_eq "$(jq -r '.sources[0].tables[] | select(.name=="select") | .foreign_keys[0] | "\(.columns[0])->\(.ref_table).\(.ref_columns[0])"' "$TEST_TMP/inv.json")" \
  "customer_id->customers.id" "foreign key"
expect_eq "$(jq -r '.sources[0].tables[] | select(.name=="v \"quoted\"") | .kind' "$TEST_TMP/inv.json")" view "view kind"
expect_grep 'SELECT c.email AS mail' <(jq -r '.sources[0].tables[] | select(.kind=="view") | .definition' "$TEST_TMP/inv.json")
expect_eq "$(jq -r '.sources[0].tables[] | select(.name=="customers") | .triggers[0] | "\(.name) \(.timing) \(.event)"' "$TEST_TMP/inv.json")" \
  "trg AFTER INSERT" "trigger"
expect_eq "$(jq -r '.sources[0].tables[] | select(.name=="empty_one") | .rows_estimate' "$TEST_TMP/inv.json")" 0 "empty table"
expect_eq "$(jq -r '.lineage[] | select(.kind=="fk") | "\(.from.table).\(.from.column)->\(.to.table).\(.to.column)"' "$TEST_TMP/inv.json")" \
  "customers.id->select.customer_id" "fk lineage edge"
expect_no_grep 'secretvalue' "$TEST_TMP/inv.json" "a raw sampled value reached the inventory"
expect_no_grep 'zzzzzzzz' "$TEST_TMP/inv.json" "a raw huge value reached the inventory"
validate_schema "$STEWARD_SRC/docs/inventory.schema.json" "$TEST_TMP/inv.json"

# Sampling is deterministic: two scans give the same inventory but for the timestamp.
expect_rc 0 "$STEWARD" scan "sqlite:$db" -o "$TEST_TMP/inv2.json"
expect_eq "$(jq -S 'del(.generated_at)' "$TEST_TMP/inv.json" | sha256sum)" \
  "$(jq -S 'del(.generated_at)' "$TEST_TMP/inv2.json" | sha256sum)" "same database, same inventory"

# Names only: no data read.
expect_rc 0 "$STEWARD" scan "$db" --sample 0 -o "$TEST_TMP/names.json"
expect_eq "$(jq -r '[.sources[0].tables[].rows_sampled] | map(select(. != null and . > 0)) | length' "$TEST_TMP/names.json")" 0 "--sample 0 reads no rows"
expect_eq "$(jq -r '[.sources[0].tables[].columns[].findings[] | select(.evidence == "value" or .evidence == "name+value" or .matched > 0 or .sampled > 0)] | length' "$TEST_TMP/names.json")" 0 "--sample 0 gives no value evidence"

# --include / --exclude
expect_rc 0 "$STEWARD" scan "$db" --include 'main.c*' --include 'main.e*' --exclude 'main.empty*' -o "$TEST_TMP/inc.json"
expect_eq "$(jq -r '[.sources[0].tables[].name] | join(",")' "$TEST_TMP/inc.json")" customers "include/exclude globs"

# Standard output when no -o.
expect_rc 0 "$STEWARD" scan "$db" --sample 0
expect_eq "$(jq -r '.sources[0].name' "$TEST_TMP/out")" hostile "inventory on stdout, source named after the file"

# A missing file: exit 3, one clear line, the inventory is still written.
expect_rc 3 "$STEWARD" scan "$TEST_TMP/nope.db" "$db" -o "$TEST_TMP/miss.json"
expect_eq "$(wc -l < "$TEST_TMP/err")" 1 "one line of error"
expect_grep "cannot connect to 'nope': cannot open '.*nope.db': No such file or directory" "$TEST_TMP/err"
expect_eq "$(jq -r '[.sources[] | "\(.name)=\(.status)"] | join(",")' "$TEST_TMP/miss.json")" "hostile=ok,nope=error" "the other source still finishes"

# A corrupt file: exit 3, SQLite's reason.
head -c 8192 /dev/urandom > "$TEST_TMP/corrupt.db"
printf 'not a database at all, just text\n%.0s' {1..300} > "$TEST_TMP/corrupt.db"
expect_rc 3 "$STEWARD" scan "$TEST_TMP/corrupt.db" -o "$TEST_TMP/corrupt.json"
expect_grep "file is not a database" "$TEST_TMP/err"
expect_eq "$(wc -l < "$TEST_TMP/err")" 1 "one line of error"
expect_eq "$(jq -r '.sources[0].status' "$TEST_TMP/corrupt.json")" error "corrupt source marked error"

# -o names something other than a regular file: written in place, never
# replaced by a renamed file (a symbolic link stays a link; a pipe stays a
# pipe and its reader gets the inventory).  /dev/null is exactly this case.
printf 'old\n' > "$TEST_TMP/real.json"
ln -sf real.json "$TEST_TMP/link.json"
expect_rc 0 "$STEWARD" scan "sqlite:$db" --sample 0 -o "$TEST_TMP/link.json"
if [ -L "$TEST_TMP/link.json" ]; then pass; else fail "-o through a symbolic link replaced the link"; fi
expect_grep '"format": "steward.inventory"' "$TEST_TMP/real.json"
rm -f "$TEST_TMP/fifo"
mkfifo "$TEST_TMP/fifo"
cat "$TEST_TMP/fifo" > "$TEST_TMP/from-fifo.json" &
expect_rc 0 "$STEWARD" scan "sqlite:$db" --sample 0 -o "$TEST_TMP/fifo"
wait
if [ -p "$TEST_TMP/fifo" ]; then pass; else fail "-o onto a pipe replaced the pipe with a file"; fi
expect_grep '"format": "steward.inventory"' "$TEST_TMP/from-fifo.json"

# libpq is loaded only for PostgreSQL sources: without it the PostgreSQL
# source fails (exit 3, said plainly, before any connection is tried) and
# the SQLite source beside it is still scanned and written.
STEWARD_LIBPQ=/nonexistent/libpq.so.5 expect_rc 3 "$STEWARD" scan "postgres://nobody@127.0.0.1:1/none" "sqlite:$db" \
  --sample 0 -o "$TEST_TMP/nolibpq.json" --progress never
expect_grep "cannot load /nonexistent/libpq.so.5" "$TEST_TMP/err"
expect_eq "$(jq -r '[.sources[] | .engine + ":" + .status] | join(",")' "$TEST_TMP/nolibpq.json")" \
  "sqlite:ok,postgres:error" "sources without libpq (inventory order: by name)"

# Views are not run by default: a view that would count to a billion is
# classified from its lineage in no time; with --sample-views it runs under
# --view-timeout, is stopped, and the source is still ok.
slow=$TEST_TMP/slow.db
sqlite3 "$slow" <<'SQL'
CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT);
INSERT INTO people VALUES (1, 'a@example.com');
CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)
  SELECT (SELECT max(x) FROM c) AS n, p.email AS contact FROM people p;
SQL
expect_rc 0 "$STEWARD" scan "sqlite:$slow" -o "$TEST_TMP/slow.json"
expect_eq "$(jq -r '.sources[0].tables[] | select(.name == "slow") | "\(.classified_by) \(.rows_sampled)"' "$TEST_TMP/slow.json")" \
  "lineage null" "a view is not run by default"
expect_eq "$(jq -r '.sources[0].tables[] | select(.name == "slow") | .columns[] | select(.name == "contact") | .findings[0].category' "$TEST_TMP/slow.json")" \
  user.contact.email "a view column takes its base column's category"
expect_eq "$(jq -r '.sources[0].tables[] | select(.name == "people") | .classified_by' "$TEST_TMP/slow.json")" \
  sampled "a table is sampled"
expect_rc 0 "$STEWARD" scan "sqlite:$slow" --sample-views --view-timeout 1 -o "$TEST_TMP/slow.json"
expect_grep 'view not sampled: .*timed out after 1 s' <(jq -r '.sources[0].tables[] | select(.name == "slow") | .error' "$TEST_TMP/slow.json")
expect_eq "$(jq -r '.sources[0].status' "$TEST_TMP/slow.json")" ok "a timed-out view leaves the source ok"
printf 'sources: [{ dsn: "sqlite:%s" }]\nsample: { views: true, view_timeout: 1 }\n' "$slow" > "$TEST_TMP/views.yaml"
expect_rc 0 "$STEWARD" scan -c "$TEST_TMP/views.yaml" -o "$TEST_TMP/slow.json"
expect_grep 'view not sampled: .*timed out after 1 s' <(jq -r '.sources[0].tables[] | select(.name == "slow") | .error' "$TEST_TMP/slow.json")
expect_rc 2 "$STEWARD" scan "sqlite:$slow" --view-timeout 0
expect_grep 'view-timeout: expected 1 to 86400 seconds' "$TEST_TMP/err"

# Usage errors: exit 2.
expect_rc 2 "$STEWARD" scan "oracle://u:hunter2@h/db"
expect_grep "unknown data source scheme 'oracle'" "$TEST_TMP/err"
expect_no_grep hunter2 "$TEST_TMP/err" "a password was printed"
expect_rc 2 "$STEWARD" scan "$db" --sample lots
expect_rc 2 "$STEWARD" scan "$db" --bogus
expect_rc 2 "$STEWARD" scan
expect_grep "no data source" "$TEST_TMP/err"
expect_rc 2 "$STEWARD" nosuchcommand
expect_rc 0 "$STEWARD" scan --help
expect_grep "^usage: steward scan" "$TEST_TMP/out"
expect_rc 0 "$STEWARD" --version
# The libraries it is linked against, as the system's own tools report them.
expect_grep "^steward [0-9.]+ \(([0-9a-f]{7,40}(-dirty)?|unknown)\)$" "$TEST_TMP/out"
expect_grep "^  SQLite $(sqlite3 --version | awk '{print $1}')$" "$TEST_TMP/out"
expect_grep "^  PCRE2 $(pkg-config --modversion libpcre2-8 | sed 's/\./\\./g')[ .0-9-]* \(JIT (on|off)\)$" "$TEST_TMP/out"
expect_grep "^  Graphviz $(pkg-config --modversion libgvc | sed 's/\./\\./g')$" "$TEST_TMP/out"
expect_grep '^  libpq [0-9]+\.[0-9]+$|^  PostgreSQL: not built in$' "$TEST_TMP/out"
expect_grep '^  MySQL/MariaDB client [0-9.]+$|^  MySQL/MariaDB: not built in$' "$TEST_TMP/out"
expect_grep '^  libpg_query \(PostgreSQL [0-9.]+ grammar\)$' "$TEST_TMP/out"
expect_grep "^steward [0-9]" "$TEST_TMP/out"
finish
