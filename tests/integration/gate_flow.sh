# The CI-gate flow of issue 7 against real servers: schema v1 on PostgreSQL
# and on MariaDB, scan --sample 0 -> baseline, a migration adding an
# unapproved email column -> check exit 1 with a valid SARIF result at the
# migration line, an approval -> exit 0, the approval expired -> exit 1.
# Each run uses its own databases, dropped on exit.
. "$STEWARD_SRC/tests/lib.sh"
. "$STEWARD_SRC/tests/integration/gate_lib.bash"
need_servers

db=stw_gate_$$_$RANDOM
export MYSQL_PWD=$TESTDB_MY_PASSWORD
cleanup() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap cleanup EXIT

pg -d postgres -c "CREATE DATABASE $db" >/dev/null || { fail "cannot create the PostgreSQL database"; finish; exit 1; }
my -e "CREATE DATABASE $db" || { fail "cannot create the MariaDB database"; finish; exit 1; }

apply_pg() { pg -d "$db" -f "$1" >/dev/null; }
apply_my() { my "$db" < "$1"; }

# passwords come from PGPASSWORD and MYSQL_PWD, never from the DSN
gate_flow postgres "postgres://$PGUSER@127.0.0.1:$PGPORT/$db" apply_pg
gate_flow mariadb "mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db" apply_my

# the schemas are what the engines call them
expect_eq "$(jq -r '.runs[0].results[] | select(.ruleId == "steward/new-personal-data" and .level == "error") | .locations[0].logicalLocations[0].fullyQualifiedName' "$TEST_TMP/gate-postgres/steward.sarif")" \
	app.public.accounts.email "postgres: logical location"
expect_eq "$(jq -r '.runs[0].results[] | select(.ruleId == "steward/new-personal-data" and .level == "error") | .locations[0].logicalLocations[0].fullyQualifiedName' "$TEST_TMP/gate-mariadb/steward.sarif")" \
	"app.$db.accounts.email" "mariadb: logical location"
expect_no_grep "$TESTDB_MY_PASSWORD" "$TEST_TMP/gate-mariadb/new.json" "a password reached the inventory"
finish
