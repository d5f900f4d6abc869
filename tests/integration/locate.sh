# steward locate on all three engines: a four-level foreign-key chain
# (member <- orders <- "order lines" <- shipments), a row the person's row
# references (home_address), a self reference and an organisation that
# must not be followed, a view, and a declared copy into another source
# (an SQLite CRM file).  The erasure order, the SELECTs and the row counts
# of --count are checked; the counts are computed again here with the
# engines' own clients; the value looked up appears in no output.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

db=stw_t_$$_locate
export MYSQL_PWD=$TESTDB_MY_PASSWORD
cleanup() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap cleanup EXIT

# Portable SQL: Q is the engine's identifier quote for "order lines".
schema() {
	local q=$1 ol
	ol="${q}order lines${q}"
	cat <<SQL
CREATE TABLE home_address (id INT PRIMARY KEY, street VARCHAR(80), city VARCHAR(40));
CREATE TABLE store (id INT PRIMARY KEY, store_name VARCHAR(40), phone VARCHAR(30));
CREATE TABLE member (id INT PRIMARY KEY, email VARCHAR(80), full_name VARCHAR(80),
  birth_date DATE, home_address_id INT REFERENCES home_address(id), referred_by INT REFERENCES member(id));
CREATE TABLE orders (id INT PRIMARY KEY, member_id INT REFERENCES member(id),
  store_id INT REFERENCES store(id), ordered_at DATE, total DECIMAL(10,2));
CREATE TABLE $ol (id INT PRIMARY KEY, order_id INT REFERENCES orders(id), qty INT);
CREATE TABLE shipments (id INT PRIMARY KEY, line_id INT REFERENCES $ol(id), shipped_at DATE);
INSERT INTO home_address VALUES (1, '1 High Street', 'Leeds'), (2, '9 Mill Lane', 'York'), (3, '4 Elm Road', 'Hull');
INSERT INTO store VALUES (1, 'North', '+44 20 7946 0100'), (2, 'South', '+44 20 7946 0200');
INSERT INTO member VALUES (1, 'ann.lee@example.com', 'Ann Lee', '1980-01-02', 1, NULL),
  (2, 'bo.kim@example.org', 'Bo Kim', '1975-05-06', 2, 1),
  (3, 'cy.ng@example.net', 'Cy Ng', '1990-09-10', 3, 1);
INSERT INTO orders VALUES (1, 1, 1, '2024-01-01', 10), (2, 1, 2, '2024-02-01', 20),
  (3, 2, 1, '2024-03-01', 30), (4, 1, 1, '2024-04-01', 40);
INSERT INTO $ol VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 3, 5), (5, 4, 1), (6, 4, 1), (7, 4, 3);
INSERT INTO shipments VALUES (1, 1, '2024-01-02'), (2, 2, '2024-01-03'), (3, 4, '2024-03-02'),
  (4, 7, '2024-04-02'), (5, 5, '2024-04-03');
CREATE VIEW v_member_orders AS SELECT m.email, o.id AS order_id, o.total FROM member m JOIN orders o ON o.member_id = m.id;
SQL
}

# The CRM copy: another source, filled by a declared nightly export.
crm=$TEST_TMP/crm.db
sqlite3 "$crm" "CREATE TABLE contacts (email_addr TEXT, segment TEXT);
  INSERT INTO contacts VALUES ('ann.lee@example.com', 'gold'), ('ann.lee@example.com', 'old'),
  ('bo.kim@example.org', 'silver');"

pg -d postgres -c "CREATE DATABASE $db" >/dev/null
schema '"' | pg -d "$db" >/dev/null
my -e "CREATE DATABASE $db"
schema '`' | my "$db"
schema '"' | sqlite3 "$TEST_TMP/main.db"

value='ann.lee@example.com'

check_engine() {
	local label=$1 dsn=$2 schema_name=$3
	local dir=$TEST_TMP/$label
	mkdir -p "$dir"
	cat > "$dir/steward.yaml" <<YAML
sources:
  - name: main
    dsn: "$dsn"
  - name: crm
    dsn: "sqlite:$crm"
flows:
  - from: main.$schema_name.member
    to: crm.main.contacts
    columns: { email: email_addr }
    via: nightly-crm-export
YAML
	expect_rc 0 "$STEWARD" scan -q -c "$dir/steward.yaml" -o "$dir/inv.json"
	expect_rc 0 "$STEWARD" locate "$dir/inv.json" --by "main.$schema_name.member.email" --format json \
		-o "$dir/plan.json"
	# What is found, and in which order.
	order() { jq -r '.entries[0].tables[] | select(.erase) | "\(.order) \(.source).\(.table)"' "$dir/plan.json"; }
	pos() { jq -r --arg t "$1" '.entries[0].tables[] | select(.erase and (.source + "." + .table) == $t) | .order' "$dir/plan.json"; }
	local ps pl po pm pa pc
	ps=$(pos main.shipments); pl=$(pos "main.order lines"); po=$(pos main.orders)
	pm=$(pos main.member); pa=$(pos main.home_address); pc=$(pos crm.contacts)
	if [ -n "$ps" ] && [ -n "$pl" ] && [ -n "$po" ] && [ -n "$pm" ] && [ -n "$pa" ] && [ -n "$pc" ] &&
	    [ "$ps" -lt "$pl" ] && [ "$pl" -lt "$po" ] && [ "$po" -lt "$pm" ] && [ "$pm" -lt "$pa" ]; then
		pass
	else
		fail "$label: erasure order: $(order | tr '\n' ';')"
	fi
	expect_eq "$(order | wc -l | tr -d ' ')" 6 "$label: six tables to erase (no store, nothing twice)"
	expect_eq "$(jq -r '[.entries[0].tables[] | select(.table == "store")] | length' "$dir/plan.json")" 0 \
		"$label: the store (an organisation) is not followed"
	expect_eq "$(jq -r '.entries[0].tables[] | select(.table == "v_member_orders") | [.how, .erase] | @tsv' "$dir/plan.json")" \
		"view	false" "$label: the view is listed, not erased"
	expect_eq "$(jq -r '.entries[0].tables[] | select(.table == "contacts") | [.how, .same_value] | @tsv' "$dir/plan.json")" \
		"copy	true" "$label: the declared copy is looked up by the same value"
	expect_eq "$(jq -r '.entries[0].tables[] | select(.table == "home_address") | .how' "$dir/plan.json")" \
		referenced "$label: the address the member row references"
	# Every SELECT has a placeholder and no value.
	expect_eq "$(jq -r '[.entries[0].tables[] | select(.sql != null) | select((.sql | test("\\$1|\\?")) | not)] | length' "$dir/plan.json")" \
		0 "$label: every SELECT has its placeholder"

	# --count: the value on standard input only.
	local rc=0
	printf '%s\n' "$value" | "$STEWARD" locate "$dir/inv.json" --by "main.$schema_name.member.email" \
		--count -c "$dir/steward.yaml" --format json -o "$dir/count.json" 2> "$dir/count.err" || rc=$?
	expect_eq "$rc" 0 "$label: locate --count exits 0"
	printf '%s\n' "$value" | "$STEWARD" locate "$dir/inv.json" --by user.contact.email \
		--count -c "$dir/steward.yaml" --format markdown > "$dir/count.md" 2>> "$dir/count.err"
	cnt() { jq -r --arg t "$1" '.entries[0].tables[] | select(.table == $t) | .count' "$dir/count.json"; }
	expect_eq "$(cnt member)" 1 "$label: one member row"
	expect_eq "$(cnt orders)" "$4" "$label: orders counted"
	expect_eq "$(cnt "order lines")" "$5" "$label: order lines counted"
	expect_eq "$(cnt shipments)" "$6" "$label: shipments counted"
	expect_eq "$(cnt home_address)" 1 "$label: the address row"
	expect_eq "$(cnt contacts)" 2 "$label: the CRM copy's rows"
	expect_eq "$(cnt v_member_orders)" "$4" "$label: the view's rows"
	for f in "$dir/count.json" "$dir/count.md" "$dir/count.err" "$dir/plan.json"; do
		expect_no_grep "$value" "$f"
	done
	expect_grep '^| 1 | main\.shipments' "$dir/count.md"
}

# The expected counts, from the engines themselves.
expected() {
	local run=$1 ol=$2
	local o l s
	o=$($run "SELECT count(*) FROM orders o JOIN member m ON m.id = o.member_id WHERE m.email = '$value'")
	l=$($run "SELECT count(*) FROM $ol x JOIN orders o ON o.id = x.order_id JOIN member m ON m.id = o.member_id WHERE m.email = '$value'")
	s=$($run "SELECT count(*) FROM shipments s JOIN $ol x ON x.id = s.line_id JOIN orders o ON o.id = x.order_id JOIN member m ON m.id = o.member_id WHERE m.email = '$value'")
	echo "$o $l $s"
}
pgq() { pg -d "$db" -tA -c "$1"; }
myq() { my -N -B "$db" -e "$1"; }
slq() { sqlite3 "$TEST_TMP/main.db" "$1"; }

read -r o l s <<<"$(expected pgq '"order lines"')"
expect_eq "$o $l $s" "3 6 4" "the fixture's own counts (PostgreSQL)"
check_engine postgres "postgres://$PGUSER@127.0.0.1:$PGPORT/$db" public "$o" "$l" "$s"
read -r o l s <<<"$(expected myq '`order lines`')"
check_engine mariadb "mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db" "$db" "$o" "$l" "$s"
read -r o l s <<<"$(expected slq '"order lines"')"
check_engine sqlite "sqlite:$TEST_TMP/main.db" main "$o" "$l" "$s"

# Bad input: no value, a value on the command line is not an option, a
# name that is not in the inventory, a table instead of a column.
inv=$TEST_TMP/sqlite/inv.json
expect_rc 2 sh -c "printf '' | '$STEWARD' locate '$inv' --by main.main.member.email --count --source main=sqlite:$TEST_TMP/main.db"
expect_grep 'no value on standard input' "$TEST_TMP/err"
expect_rc 2 "$STEWARD" locate "$inv" --by main.main.nosuch.email
expect_rc 2 "$STEWARD" locate "$inv" --by main.main.member
expect_grep 'is a table' "$TEST_TMP/err"
expect_rc 2 "$STEWARD" locate "$inv" --by user.nosuch.category
expect_grep "no column of category 'user.nosuch.category'" "$TEST_TMP/err"
expect_rc 2 "$STEWARD" locate "$inv" --by main.main.member.email --source main=x
expect_grep 'add --count' "$TEST_TMP/err"
# A source that cannot be reached: its rows are not counted, exit 3.
rc=0
printf '%s\n' "$value" | "$STEWARD" locate "$inv" --by main.main.member.email --count \
	--source main=sqlite:$TEST_TMP/main.db --source crm=sqlite:$TEST_TMP/gone/crm.db --format json \
	-o "$TEST_TMP/partial.json" 2>/dev/null || rc=$?
expect_eq "$rc" 3 "an unreachable source: exit 3"
expect_eq "$(jq -r '.entries[0].tables[] | select(.table == "contacts") | .count_note | test("cannot connect")' "$TEST_TMP/partial.json")" \
	true "the unreachable copy says why it was not counted"
expect_eq "$(jq -r '.entries[0].tables[] | select(.table == "member") | .count' "$TEST_TMP/partial.json")" 1 \
	"the reachable source is still counted"
finish
