# steward demo --sql: each dialect's SQL is the same on every run, and the
# SQLite dialect loads through the sqlite3 shell into the same database
# that `steward demo` creates (same tables, views, trigger and rows).
# Loading into PostgreSQL and MariaDB is covered by the integration tests
# (connectors_demo_parity.sh, lineage_demo.sh).
. "$STEWARD_SRC/tests/lib.sh"
set -e
command -v sqlite3 >/dev/null || skip_test "sqlite3 shell not installed"

for d in sqlite postgres mysql; do
	expect_rc 0 "$STEWARD" demo --sql "$d"
	cp "$TEST_TMP/out" "$TEST_TMP/$d.1.sql"
	expect_rc 0 "$STEWARD" demo --sql "$d"
	if cmp -s "$TEST_TMP/$d.1.sql" "$TEST_TMP/out"; then pass; else fail "$d: two runs differ"; fi
	expect_grep '^CREATE VIEW marketing_contacts AS$' "$TEST_TMP/out"
	expect_grep '^COMMIT;$' "$TEST_TMP/out"
done
expect_grep '^EXECUTE FUNCTION customers_email_audit\(\);$' "$TEST_TMP/postgres.1.sql"
expect_grep '^DELIMITER //$' "$TEST_TMP/mysql.1.sql"
expect_rc 2 "$STEWARD" demo --sql oracle
expect_grep "unknown dialect 'oracle'" "$TEST_TMP/err"

# The SQL loads through the shell, in one piece, without errors.
db=$TEST_TMP/piped.db
if sqlite3 -bail "$db" < "$TEST_TMP/sqlite.1.sql" 2>"$TEST_TMP/load.err"; then pass; else
	fail "the SQLite SQL does not load: $(head -3 "$TEST_TMP/load.err")"; finish; exit 1; fi
expect_eq "$(wc -c < "$TEST_TMP/load.err")" 0 "sqlite3 printed errors"
expect_eq "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok "integrity"
expect_eq "$(sqlite3 "$db" 'SELECT count(*) FROM pragma_foreign_key_check')" 0 "foreign keys"

# ... and equals the file steward demo creates, table by table, row by row.
expect_rc 0 "$STEWARD" demo -q -o "$TEST_TMP/d"
ref=$TEST_TMP/d/loyalty.db
[ -f "$ref" ] || { fail "steward demo wrote no loyalty.db"; finish; exit 1; }
q="SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1"
expect_eq "$(sqlite3 "$db" "$q" | tr '\n' ' ')" "$(sqlite3 "$ref" "$q" | tr '\n' ' ')" "schema objects"
expect_grep 'trigger trg_email_audit' <(sqlite3 "$db" "$q")
for t in $(sqlite3 "$ref" "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY 1"); do
	a=$(sqlite3 "$db" "SELECT * FROM $t ORDER BY 1, 2" | md5sum)
	b=$(sqlite3 "$ref" "SELECT * FROM $t ORDER BY 1, 2" | md5sum)
	expect_eq "$a" "$b" "rows of $t"
done
# Documented sizes (contrib/demo/README.md).
expect_eq "$(sqlite3 "$db" 'SELECT count(*) FROM customers')" 3000 "customers"
expect_eq "$(sqlite3 "$db" 'SELECT count(*) FROM support_tickets')" 1500 "tickets"
expect_eq "$(sqlite3 "$db" 'SELECT count(*) FROM pharmacy_allergies')" 400 "allergies"
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM customers WHERE last_login_at < '2024-11-01'")" \
	"$(grep -oE '^\| `customers` \| 2y[^|]*\|[^|]*\|[^|]*\| \*\*[0-9]+' "$STEWARD_SRC/contrib/demo/README.md" | grep -oE '[0-9]+$')" \
	"README's customer retention count"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM customer_email_history')" -gt 0 ] && pass || fail "empty email history"
finish
