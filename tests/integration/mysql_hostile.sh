# The MySQL/MariaDB connector against a real MariaDB server: hostile names
# (quotes, spaces, backticks, unicode, reserved words), empty tables,
# NULL-only columns, huge text and blob values, a view, a partitioned table,
# composite keys, a trigger, a user without SELECT on one table, a statement
# timeout, a wrong password, "localhost" with a port, a DSN without a
# database, --jobs, --include/--exclude, and read-only SQL only.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

db=stw_t_$$_my
ro=stw_t_$$_ro
ropw=ro-$$-pw
export MYSQL_PWD=$TESTDB_MY_PASSWORD
cleanup() {
	my -e "DROP DATABASE IF EXISTS $db; DROP USER IF EXISTS '$ro'@'127.0.0.1'" >/dev/null 2>&1
}
trap cleanup EXIT

my -e "CREATE DATABASE $db" || { fail "cannot create $db"; finish; exit 1; }
my "$db" < "$STEWARD_SRC/tests/integration/fixtures/hostile_mysql.sql" >/dev/null \
	|| { fail "cannot load hostile_mysql.sql"; finish; exit 1; }
# SELECT on every table but one; INSERT on that one, so that it is visible
# in information_schema but cannot be read.
my "$db" <<SQL || { fail "cannot create the restricted user"; finish; exit 1; }
CREATE USER '$ro'@'127.0.0.1' IDENTIFIED BY '$ropw';
GRANT SELECT ON $db.customers TO '$ro'@'127.0.0.1';
GRANT SELECT ON $db.\`select\` TO '$ro'@'127.0.0.1';
GRANT SELECT ON $db.empty_one TO '$ro'@'127.0.0.1';
GRANT INSERT ON $db.secret TO '$ro'@'127.0.0.1';
CREATE VIEW zz_slow AS SELECT SLEEP(5) AS note, 'x@example.com' AS email;
SQL
dsn="mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db"
inv=$TEST_TMP/inv.json
q() { jq -r "$1" "${2:-$inv}"; }
T='.sources[0].tables[]'

# --- the full scan ------------------------------------------------------
STEWARD_TRACE=sql expect_rc 0 "$STEWARD" scan "$dsn" --exclude '*.zz_slow' --sample 100 \
	-o "$inv" --progress never
cp "$TEST_TMP/err" "$TEST_TMP/trace"
expect_eq "$(q '.sources[0].status')" ok "status"
expect_eq "$(q '.sources[0].engine')" mysql "engine"
expect_grep MariaDB <(q '.sources[0].server_version')
expect_eq "$(q "[$T | .schema] | unique | join(\",\")")" "$db" "schema = database name"
expect_eq "$(q "[$T | .name] | sort | join(\"|\")")" \
	'Tab le "x" `y`|audit|customers|empty_one|events|pair|pair_ref|secret|select|v "quoted"' "tables"
expect_eq "$(q "$T | select(.name == \"Tab le \\\"x\\\" \`y\`\") | [.columns[].name] | join(\"|\")")" \
	'e-mail address|select|back`tick|naïve ünïcode|blobby|nothing' "hostile column names, catalog order"
expect_eq "$(q "$T | select(.name == \"customers\") | [.rows_sampled, .sample_method] | join(\",\")")" \
	"100,pk_range" "large table: primary-key ranges"
expect_grep '^[0-9]+$' <(q "$T | select(.name == \"customers\") | .rows_estimate")
expect_eq "$(q "$T | select(.name == \"customers\") | [.columns[] | \"\(.name):\(.type):\(.nullable)\"] | join(\"|\")")" \
	"id:bigint(20):false|email:varchar(200):false|Kundenstraße:text:true|photo:blob:true|nothing:text:true|created_at:timestamp:true" \
	"types and nullability"
expect_eq "$(q "$T | select(.name == \"pair\") | .primary_key | join(\",\")")" "a,b" "composite primary key"
expect_eq "$(q "$T | select(.name == \"pair_ref\") | .foreign_keys[0] | \"\(.columns | join(\",\"))->\(.ref_schema).\(.ref_table)(\(.ref_columns | join(\",\")))\"")" \
	"pa,pb->$db.pair(a,b)" "composite foreign key"
expect_eq "$(q "$T | select(.name == \"select\") | .foreign_keys[0] | \"\(.columns[0])->\(.ref_table).\(.ref_columns[0])\"")" \
	"customer_id->customers.id" "foreign key from a reserved-word table"
expect_eq "$(q "$T | select(.name == \"v \\\"quoted\\\"\") | .kind")" view "view kind"
expect_grep '`c`\.`email` AS `mail`' <(q "$T | select(.kind == \"view\") | .definition")
expect_eq "$(q "$T | select(.name == \"events\") | .kind")" partitioned_table "partitioned table"
expect_eq "$(q "$T | select(.name == \"customers\") | .triggers[0] | \"\(.name) \(.timing) \(.event)\"")" \
	"trg AFTER INSERT" "trigger"
expect_grep 'INSERT INTO audit' <(q "$T | select(.name == \"customers\") | .triggers[0].definition")
expect_eq "$(q "$T | select(.name == \"empty_one\") | .rows_sampled")" 0 "empty table"
expect_eq "$(q "$T | select(.name == \"select\") | \"\(.rows_sampled) \(.error)\"")" "1 null" \
	"huge text and blob values: sampled, no error"
expect_eq "$(q "[$T | select(.error != null)] | length")" 0 "no table errors as the owner"
expect_eq "$(q "$T | select(.name == \"customers\") | .columns[] | select(.name == \"email\") | [.findings[].category] | index(\"user.contact.email\") != null")" \
	true "email column classified"
expect_no_grep 'secretvalue|zzzzzzzzzz|078-05-1120' "$inv" "a raw sampled value reached the inventory"
expect_no_grep "$TESTDB_MY_PASSWORD" "$inv" "a password reached the inventory"
grep '^steward-trace: mysql' "$TEST_TMP/trace" | sed 's/^steward-trace: mysql conn=[0-9]* [0-9.]* ms: //' > "$TEST_TMP/sql"
expect_grep '^SELECT .* WHERE `id` >= -?[0-9]+ ORDER BY `id` LIMIT [0-9]+$' "$TEST_TMP/sql"
expect_eq "$(grep -cvE '^(SELECT|SET SESSION|START TRANSACTION .*READ ONLY|COMMIT|ROLLBACK)' "$TEST_TMP/sql")" 0 \
	"only SELECT, session settings and read-only transactions"
expect_grep '^SET SESSION TRANSACTION READ ONLY$' "$TEST_TMP/sql"
expect_grep '^SET SESSION max_statement_time = ' "$TEST_TMP/sql"
# (five for the catalog, one for the access audit's logging settings; its
# grant queries read mysql.*: docs/pia.md)
expect_eq "$(grep -c 'FROM information_schema\.' "$TEST_TMP/sql")" 6 "six catalog queries"
expect_eq "$(grep -c 'FROM mysql\.' "$TEST_TMP/sql")" 5 "five grant-catalog queries"

# --- --jobs 4, "localhost" with a port (TCP, not the default socket) -----------
expect_rc 0 "$STEWARD" scan "mysql://$TESTDB_MY_USER@localhost:$TESTDB_MY_PORT/$db" \
	--exclude '*.zz_slow' --sample 100 --jobs 4 -o "$TEST_TMP/j4.json"
expect_eq "$(jq -S 'del(.generated_at, .sources[0].dsn)' "$TEST_TMP/j4.json" | sha256sum)" \
	"$(jq -S 'del(.generated_at, .sources[0].dsn)' "$inv" | sha256sum)" "--jobs 4: same inventory as --jobs 1"

# --- no database in the DSN: every non-system database ----------------------------
expect_rc 0 "$STEWARD" scan "mariadb://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT" --sample 0 \
	--include "$db.c*" --include 'mysql.*' --include 'sys.*' --include 'information_schema.*' \
	-o "$TEST_TMP/all.json"
expect_eq "$(q "[$T | \"\(.schema).\(.name)\"] | join(\"|\")" "$TEST_TMP/all.json")" "$db.customers" \
	"no database: user databases only"

# --- include / exclude globs --------------------------------------------------
expect_rc 0 "$STEWARD" scan "$dsn" --include "$db.p*" --include "$db.Tab*" --exclude "*.pair_ref" \
	--sample 0 -o "$TEST_TMP/inc.json"
expect_eq "$(q "[$T | .name] | sort | join(\"|\")" "$TEST_TMP/inc.json")" 'Tab le "x" `y`|pair' "include/exclude globs"

# --- a user without SELECT on one table: reported, not fatal ---------------------
MYSQL_PWD=$ropw expect_rc 0 "$STEWARD" scan "mysql://$ro@127.0.0.1:$TESTDB_MY_PORT/$db" --sample 100 \
	-o "$TEST_TMP/ro.json"
expect_eq "$(q '.sources[0].status' "$TEST_TMP/ro.json")" ok "no SELECT on one table: source still ok"
expect_grep 'SELECT command denied' <(q "$T | select(.name == \"secret\") | .error" "$TEST_TMP/ro.json")
expect_eq "$(q "$T | select(.name == \"customers\") | .rows_sampled" "$TEST_TMP/ro.json")" 100 \
	"the other tables are still sampled"

# --- views are not run by default; a slow view under its own timeout --------
STEWARD_TRACE=sql expect_rc 0 "$STEWARD" scan "$dsn" --include '*.zz_slow' -o "$TEST_TMP/slow.json"
expect_no_grep 'zz_slow' "$TEST_TMP/err" "a default scan ran the view"
expect_eq "$(q "$T | [.classified_by, .rows_sampled] | join(\",\")" "$TEST_TMP/slow.json")" "lineage," \
	"a view not run: classified from lineage, nothing sampled"
expect_eq "$(q "$T | .columns[] | select(.name == \"email\") | .findings[0].category" "$TEST_TMP/slow.json")" \
	user.contact.email "the view's own column names still count"
t0=$(date +%s)
expect_rc 0 "$STEWARD" scan "$dsn" --include '*.zz_slow' --sample-views --view-timeout 1 \
	-o "$TEST_TMP/slow.json"
expect_eq "$(( $(date +%s) - t0 < 4 ))" 1 "the view was stopped after its own 1 s timeout"
expect_grep 'view not sampled: .*statement timed out after 1 s' <(q "$T | .error" "$TEST_TMP/slow.json")
expect_eq "$(q '.sources[0].status' "$TEST_TMP/slow.json")" ok "a view that timed out leaves the source ok"
expect_eq "$(q "$T | .classified_by" "$TEST_TMP/slow.json")" lineage "a timed-out view falls back to lineage"
# The session limit is back after the view: a table sampled after it is read.
expect_rc 0 "$STEWARD" scan "$dsn" --include '*.zz_slow' --include '*.pair' --sample-views --view-timeout 1 \
	-o "$TEST_TMP/slow2.json"
expect_eq "$(q "$T | select(.name == \"pair\") | .classified_by" "$TEST_TMP/slow2.json")" sampled \
	"a table after a timed-out view is still sampled"
# A table that cannot be read within --timeout (another session holds a
# write lock on it) makes the source partial.
my "$db" -e "LOCK TABLES pair WRITE; SELECT SLEEP(8); UNLOCK TABLES" >/dev/null 2>&1 &
locker=$!
for _ in $(seq 50); do
	[ "$(my -N -B -e "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(8)%'")" = 1 ] && break
	sleep 0.1
done
expect_rc 3 "$STEWARD" scan "$dsn" --include '*.pair' --timeout 1 -o "$TEST_TMP/locked.json"
expect_grep 'timed out after 1 s|Lock wait timeout' <(q "$T | .error" "$TEST_TMP/locked.json")
expect_eq "$(q '.sources[0].status' "$TEST_TMP/locked.json")" partial "a timed-out table makes the source partial"
kill "$locker" 2>/dev/null || :; wait "$locker" 2>/dev/null || :
my -e "KILL QUERY $(my -N -B -e "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(8)%'" | head -n1)" >/dev/null 2>&1 || :

# --- the password from ${ENV} in steward.yaml, MYSQL_PWD unset ------------------
cat > "$TEST_TMP/steward.yaml" <<YAML
sources:
  - name: shop
    dsn: "mysql://$TESTDB_MY_USER:\${STW_T_MY_PW}@127.0.0.1:$TESTDB_MY_PORT/$db"
YAML
(unset MYSQL_PWD; STW_T_MY_PW=$TESTDB_MY_PASSWORD expect_rc 0 "$STEWARD" scan -c "$TEST_TMP/steward.yaml" \
	--include '*.pair' -o "$TEST_TMP/env.json"; finish >/dev/null) || fail "\${ENV} password in steward.yaml"
expect_eq "$(q '.sources[0] | "\(.name) \(.status) \(.dsn)"' "$TEST_TMP/env.json")" \
	"shop ok mysql://$TESTDB_MY_USER:***@127.0.0.1:$TESTDB_MY_PORT/$db" "\${ENV} password: scanned, redacted DSN"

# --- a wrong password: exit 3, one clear line, no password anywhere --------------
bad=Wr0ng-$$-Secret
MYSQL_PWD=$bad expect_rc 3 "$STEWARD" scan "$dsn" -o "$TEST_TMP/bad.json"
expect_grep "Access denied for user 'steward'" "$TEST_TMP/err"
expect_eq "$(wc -l < "$TEST_TMP/err")" 1 "one line of error"
expect_no_grep "$bad" "$TEST_TMP/err" "the password was printed"
expect_no_grep "$bad" "$TEST_TMP/bad.json" "the password reached the inventory"
expect_eq "$(q '.sources[0].status' "$TEST_TMP/bad.json")" error "wrong password: source error"
expect_rc 3 "$STEWARD" scan "mysql://$TESTDB_MY_USER:$bad@127.0.0.1:$TESTDB_MY_PORT/$db" -o "$TEST_TMP/bad2.json"
expect_grep 'Access denied' "$TEST_TMP/err"
expect_no_grep "$bad" "$TEST_TMP/err" "a password in the DSN was printed"
expect_no_grep "$bad" "$TEST_TMP/bad2.json" "a password in the DSN reached the inventory"
finish
