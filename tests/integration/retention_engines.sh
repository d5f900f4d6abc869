# Retention measured on PostgreSQL and MariaDB (SQLite: tests/cli/
# report_sqlite.sh): timestamps planted one day inside and one day outside
# each limit relative to --as-of, on timestamp(tz)/datetime and date
# anchors, a boundary row exactly at the cutoff, NULL anchors, a copy that
# inherits its source's shorter limit, a table with no anchor; exact counts
# in the inventory and in the report.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

db=stw_t_$$_retention
AS_OF=2026-06-30
export MYSQL_PWD=$TESTDB_MY_PASSWORD
cleanup() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap cleanup EXIT
ts() { date -u -d "$AS_OF - $1 days" '+%Y-%m-%d %H:%M:%S'; }
d() { date -u -d "$AS_OF - $1 days" '+%Y-%m-%d'; }

# $1: timestamp type, $2: date type
fixture() {
	echo "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(100), last_login_at $1 NULL);"
	echo "CREATE TABLE support_tickets (id INTEGER PRIMARY KEY, phone VARCHAR(40), opened_on $2);"
	echo "CREATE TABLE customers_copy (id INTEGER PRIMARY KEY, email VARCHAR(100), copied_at $1);"
	echo "CREATE TABLE newsletter_log (id INTEGER PRIMARY KEY, email VARCHAR(100), note VARCHAR(20));"
	# customers (730 days): 3 outside, 2 one day inside, 1 at the cutoff, 1 NULL
	for i in 1 2 3; do echo "INSERT INTO customers VALUES ($i, 'u$i@example.com', '$(ts $((730 + i)))');"; done
	echo "INSERT INTO customers VALUES (4, 'u4@example.com', '$(ts 729)');"
	echo "INSERT INTO customers VALUES (5, 'u5@example.com', '$(ts 729)');"
	echo "INSERT INTO customers VALUES (6, 'u6@example.com', '$(ts 730)');"
	echo "INSERT INTO customers VALUES (7, 'u7@example.com', NULL);"
	# support_tickets (90 days, a date anchor): 2 outside, the cutoff day, 3 inside
	echo "INSERT INTO support_tickets VALUES (1, '+44 20 7946 0011', '$(d 91)');"
	echo "INSERT INTO support_tickets VALUES (2, '+44 20 7946 0022', '$(d 400)');"
	echo "INSERT INTO support_tickets VALUES (3, '+44 20 7946 0033', '$(d 90)');"
	for i in 4 5 6; do echo "INSERT INTO support_tickets VALUES ($i, '+44 20 7946 00$i$i', '$(d 89)');"; done
	# customers_copy: 5y of its own, 730 days from its source: 4 outside
	for i in 1 2 3 4; do echo "INSERT INTO customers_copy VALUES ($i, 'u$i@example.com', '$(ts $((731 + i * 200)))');"; done
	echo "INSERT INTO customers_copy VALUES (5, 'u5@example.com', '$(ts 729)');"
	echo "INSERT INTO newsletter_log VALUES (1, 'u1@example.com', 'x');"
}
pg -d postgres -c "CREATE DATABASE $db" >/dev/null || { fail "cannot create the PostgreSQL database"; finish; exit 1; }
fixture timestamptz date | pg -d "$db" >/dev/null || { fail "fixture does not load into PostgreSQL"; finish; exit 1; }
my -e "CREATE DATABASE $db" || { fail "cannot create the MariaDB database"; finish; exit 1; }
fixture datetime date | my "$db" || { fail "fixture does not load into MariaDB"; finish; exit 1; }

cat > "$TEST_TMP/steward.yaml" <<YAML
sources:
  - name: pg
    dsn: postgres://$PGUSER@127.0.0.1:$PGPORT/$db
    purposes: [order_fulfilment]
  - name: my
    dsn: mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db
    purposes: [order_fulfilment]
categories:
  user.contact:
    retention: 730d
    anchor: [last_login_at, copied_at]
    purposes: [order_fulfilment, support]
tables:
  "*.*.support_tickets": { retention: 90d, anchor: opened_on, purposes: [support] }
  "*.*.customers_copy": { retention: 5y, purposes: [order_fulfilment] }
flows:
  - { from: pg.public.customers, to: pg.public.customers_copy, columns: { email: email } }
  - { from: my.$db.customers, to: my.$db.customers_copy, columns: { email: email } }
YAML

set +e
expect_rc 0 "$STEWARD" scan -c "$TEST_TMP/steward.yaml" --as-of $AS_OF --sample 0 -o "$TEST_TMP/inv.json" --progress never
inv=$TEST_TMP/inv.json
validate_schema "$STEWARD_SRC/docs/inventory.schema.json" "$inv"
for s in pg my; do
	ret() { jqr --arg s "$s" --arg t "$1" ".sources[] | select(.name == \$s) | .tables[] | select(.name == \$t) | .retention | $2" "$inv"; }
	expect_eq "$(ret customers '"\(.anchor) \(.limit_days) \(.rows_over_limit) \(.exact)"')" "last_login_at 730 3 true" "$s: customers"
	expect_eq "$(ret customers '.oldest[0:10]')" "$(d 733)" "$s: customers oldest"
	expect_eq "$(ret support_tickets '"\(.anchor) \(.limit_days) \(.rows_over_limit) \(.exact)"')" "opened_on 90 2 true" "$s: tickets (date anchor)"
	expect_eq "$(ret support_tickets '.oldest[0:10]')" "$(d 400)" "$s: tickets oldest"
	expect_eq "$(ret customers_copy '"\(.anchor) \(.limit_days) \(.rows_over_limit)"')" "copied_at 730 4" "$s: copy limited by its source"
	expect_eq "$(ret newsletter_log '"\(.anchor) \(.note)"')" "null no anchor column" "$s: no anchor"
done

expect_rc 0 "$STEWARD" report "$inv" -c "$TEST_TMP/steward.yaml" --format json -o "$TEST_TMP/r.json"
got=$(jqr '.violations[] | "\(.source) \(.kind) \(.table) \(.rows // "-")"' "$TEST_TMP/r.json" | sort | tr '\n' '|')
want="my retention customers 3|my retention support_tickets 2|my retention-copy customers_copy 4|my retention-unverifiable newsletter_log -|pg retention customers 3|pg retention support_tickets 2|pg retention-copy customers_copy 4|pg retention-unverifiable newsletter_log -|"
expect_eq "$got" "$want" "report violations on both engines"

# One day later the cutoff-day rows are over too.
expect_rc 0 "$STEWARD" scan -c "$TEST_TMP/steward.yaml" --as-of 2026-07-01 --sample 0 -o "$TEST_TMP/inv2.json" --progress never
for s in pg my; do
	expect_eq "$(jqr --arg s "$s" '.sources[] | select(.name == $s) | [.tables[] | select(.name == "customers" or .name == "support_tickets") | .retention.rows_over_limit] | join(",")' "$TEST_TMP/inv2.json")" "4,3" "$s: a day later"
done
finish
