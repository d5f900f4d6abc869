# The demo database loaded into PostgreSQL and into MariaDB gives the same
# tables, columns, keys and findings as the SQLite copy (issue 3, "done
# when").  Schema names (main / public / the database name) and type
# spellings are normalised; the deliberate differences are documented in
# docs/connectors.md ("Differences between engines").
. "$STEWARD_SRC/tests/lib.sh"
need_servers

db=stw_t_$$_demo
export MYSQL_PWD=$TESTDB_MY_PASSWORD
cleanup() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap cleanup EXIT

"$STEWARD" demo --sql postgres > "$TEST_TMP/demo-pg.sql" 2>"$TEST_TMP/err" \
	|| { fail "steward demo --sql postgres failed: $(head -1 "$TEST_TMP/err")"; finish; exit 1; }
"$STEWARD" demo --sql mysql > "$TEST_TMP/demo-my.sql" 2>"$TEST_TMP/err" \
	|| { fail "steward demo --sql mysql failed: $(head -1 "$TEST_TMP/err")"; finish; exit 1; }
"$STEWARD" demo -q -o "$TEST_TMP/d" >/dev/null 2>"$TEST_TMP/err"
[ -f "$TEST_TMP/d/loyalty.db" ] || { fail "steward demo wrote no loyalty.db: $(head -1 "$TEST_TMP/err")"; finish; exit 1; }
pg -d postgres -c "CREATE DATABASE $db" >/dev/null || { fail "cannot create the PostgreSQL database"; finish; exit 1; }
pg -d "$db" -f "$TEST_TMP/demo-pg.sql" >/dev/null || { fail "the demo SQL does not load into PostgreSQL"; finish; exit 1; }
my -e "CREATE DATABASE $db" || { fail "cannot create the MariaDB database"; finish; exit 1; }
my "$db" < "$TEST_TMP/demo-my.sql" >/dev/null || { fail "the demo SQL does not load into MariaDB"; finish; exit 1; }
# Fresh statistics, as a DBA's server would have: the row estimates come from them.
pg -d "$db" -c ANALYZE >/dev/null

expect_rc 0 "$STEWARD" scan "sqlite:$TEST_TMP/d/loyalty.db" -o "$TEST_TMP/sqlite.json"
expect_rc 0 "$STEWARD" scan "postgres://$PGUSER@127.0.0.1:$PGPORT/$db" -o "$TEST_TMP/pg.json"
expect_rc 0 "$STEWARD" scan "mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db" -o "$TEST_TMP/my.json"

# One normalised line per fact, sorted: the three engines must agree.
cat > "$TEST_TMP/norm.jq" <<'JQ'
def ty: ascii_downcase
  | if test("^tinyint\\(1\\)") then "bool" else . end
  | sub("\\(.*\\)"; "") | sub(" unsigned$"; "") | sub(" zerofill$"; "")
  | if test("^(integer|int|bigint|smallint|mediumint|tinyint|serial|bigserial)$") then "int"
    elif test("^(text|varchar|character varying|char|character|longtext|mediumtext|tinytext|clob|nvarchar)$") then "text"
    elif test("^(real|double|double precision|float|numeric|decimal)$") then "num"
    elif test("^(timestamp|datetime|timestamp with time zone|timestamp without time zone|timestamptz)$") then "timestamp"
    elif test("^(bool|boolean)$") then "bool"
    elif test("^(blob|bytea|longblob|mediumblob|varbinary|binary)$") then "bin"
    elif test("^(json|jsonb)$") then "json"
    else . end;
.sources[0].tables[]
| . as $t
| (if .kind == "table" then "table \(.name)" else "relation \(.name) \(.kind)" end),
  # A view's computed columns have no declared type on SQLite (count(*),
  # sum(...)), while PostgreSQL and MariaDB infer one: compare view columns
  # by name only (docs/connectors.md, "Differences between engines").
  (.columns[] | "column \($t.name).\(.name)" + (if $t.kind == "table" then " \(.type | ty)" else "" end)
     + (if $t.kind == "table" then " nullable=\(.nullable and (.name as $c | ($t.primary_key // []) | index($c) | not))" else "" end)),
  ("pk \(.name) \((.primary_key // []) | join(","))"),
  (.foreign_keys[]? | "fk \($t.name) (\(.columns | join(","))) -> \(.ref_table) (\(.ref_columns | join(",")))"),
  (.columns[] | .name as $c | .findings[]? | select(.evidence != "inherited")
     | "finding \($t.name).\($c) \(.category)")
JQ
for e in sqlite pg my; do
	jq -r -f "$TEST_TMP/norm.jq" "$TEST_TMP/$e.json" | sort > "$TEST_TMP/$e.facts" || fail "jq on $e.json"
done
expect_grep '^table ' "$TEST_TMP/sqlite.facts"
expect_grep '^fk ' "$TEST_TMP/sqlite.facts"
for e in pg my; do
	if diff -u "$TEST_TMP/sqlite.facts" "$TEST_TMP/$e.facts" > "$TEST_TMP/$e.diff"; then
		pass
	else
		fail "$e differs from SQLite (- sqlite, + $e):"
		head -40 "$TEST_TMP/$e.diff" >&2
	fi
done
finish
