# Column-level view and trigger lineage on all three engines, from the SQL
# text each catalog prints: MariaDB's fully qualified, backquoted, rewritten
# VIEW_DEFINITION (GROUP_CONCAT ... ORDER BY ... SEPARATOR, CONCAT/CONCAT_WS,
# IF/IFNULL/COALESCE/CASE/NULLIF, CAST/CONVERT, subqueries, derived tables,
# UNION, `*`, WITH, window functions, LIMIT a, b), SQLite's CREATE VIEW text (||, IIF, GROUP_CONCAT, printf,
# GLOB, [brackets]) and PostgreSQL's; triggers that copy columns (MariaDB
# and SQLite trigger bodies, a PostgreSQL trigger function).  Every view
# must resolve at column level, and the edges are asserted exactly.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

db=stw_t_$$_shapes
export MYSQL_PWD=$TESTDB_MY_PASSWORD
cleanup() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap cleanup EXIT

# The column edges (view and trigger) of an inventory, "kind from -> to".
edges() {
	jq -r '.lineage[] | select((.kind == "view" or .kind == "trigger") and .to.column != null)
	       | "\(.kind) \(.from.table).\(.from.column) -> \(.to.table).\(.to.column)"' "$1" | sort -u
}
# check_lineage INV LABEL N: the source's N views all resolved at column
# level, no table-level view edge (column null: a view not seen through),
# and the column edges exactly the lines on standard input.
check_lineage() {
	local inv=$1 label=$2 n=$3
	expect_eq "$(jq -c '.sources[0].lineage | [.views, .column_level, .table_level, .failed]' "$inv")" \
		"[$n,$n,0,0]" "$label: every view at column level"
	expect_eq "$(jq -r '[.lineage[] | select(.kind == "view" and .to.column == null)] | length' "$inv")" \
		0 "$label: no table-level view edge"
	edges "$inv" > "$inv.edges"
	if diff -u - "$inv.edges" >&2; then pass; else fail "$label column edges differ"; fi
}

# ---- MariaDB ---------------------------------------------------------------
my -e "CREATE DATABASE $db"
my "$db" <<'SQL'
CREATE TABLE customer (id INT PRIMARY KEY, first_name VARCHAR(50), last_name VARCHAR(50),
  email VARCHAR(100), phone VARCHAR(30), birth_date DATE, active TINYINT);
CREATE TABLE payment (id INT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2), paid_at DATETIME,
  FOREIGN KEY (customer_id) REFERENCES customer(id));
CREATE TABLE audit_copy (id INT AUTO_INCREMENT PRIMARY KEY, cust_email VARCHAR(100),
  cust_name VARCHAR(120), changed_at DATETIME);
INSERT INTO customer VALUES (1,'Ann','Lee','ann@example.com','+44 20 7946 0001','1980-01-02',1);
INSERT INTO payment VALUES (1,1,9.5,'2024-01-01 10:00:00');
CREATE VIEW v_gc AS SELECT c.id, GROUP_CONCAT(DISTINCT p.amount ORDER BY p.paid_at DESC SEPARATOR '; ') AS amounts
  FROM customer c JOIN payment p ON p.customer_id = c.id GROUP BY c.id;
CREATE VIEW v_concat AS SELECT CONCAT(first_name, ' ', last_name) AS full_name,
  CONCAT_WS(',', email, phone) AS contact FROM customer;
CREATE VIEW v_if AS SELECT IF(active, email, NULL) AS e, IFNULL(phone, 'none') AS ph,
  COALESCE(phone, email) AS reach, CASE WHEN active = 1 THEN first_name ELSE last_name END AS nm FROM customer;
CREATE VIEW v_cast AS SELECT CAST(birth_date AS CHAR) AS dob_text, CONVERT(email USING utf8mb4) AS em,
  CONVERT(phone, CHAR(30)) AS ph, CAST(id AS SIGNED) AS cid FROM customer;
CREATE VIEW v_sub AS SELECT c.email, (SELECT SUM(p.amount) FROM payment p WHERE p.customer_id = c.id) AS total
  FROM customer c;
CREATE VIEW v_derived AS SELECT d.email, d.n FROM (SELECT email, COUNT(*) AS n FROM customer GROUP BY email) d;
CREATE VIEW v_union AS SELECT email AS contact FROM customer UNION SELECT phone FROM customer;
CREATE VIEW v_star AS SELECT * FROM customer;
CREATE VIEW v_limit AS SELECT email FROM customer ORDER BY id LIMIT 1, 5;
CREATE VIEW v_cte AS WITH x AS (SELECT id, email FROM customer)
  SELECT x.email, NULLIF(x.id, 0) AS nid, ROW_NUMBER() OVER (ORDER BY x.id) AS rn FROM x;
CREATE VIEW `v odd``name` AS SELECT _utf8mb4'x' AS tag, email AS `e-mail` FROM customer;
CREATE TRIGGER trg_copy AFTER INSERT ON customer FOR EACH ROW
  INSERT INTO audit_copy (cust_email, cust_name, changed_at)
  VALUES (NEW.email, CONCAT(NEW.first_name, ' ', NEW.last_name), NOW());
CREATE TRIGGER trg_upd AFTER UPDATE ON customer FOR EACH ROW
  UPDATE audit_copy SET cust_name = NEW.last_name WHERE cust_email = OLD.email;
SQL
expect_rc 0 "$STEWARD" scan -q "mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db" -o "$TEST_TMP/my.json"
check_lineage "$TEST_TMP/my.json" MariaDB 11 <<'EOF'
trigger customer.email -> audit_copy.cust_email
trigger customer.first_name -> audit_copy.cust_name
trigger customer.last_name -> audit_copy.cust_name
view customer.active -> v_if.e
view customer.active -> v_if.nm
view customer.active -> v_star.active
view customer.birth_date -> v_cast.dob_text
view customer.birth_date -> v_star.birth_date
view customer.email -> v odd`name.e-mail
view customer.email -> v_cast.em
view customer.email -> v_concat.contact
view customer.email -> v_cte.email
view customer.email -> v_derived.email
view customer.email -> v_if.e
view customer.email -> v_if.reach
view customer.email -> v_limit.email
view customer.email -> v_star.email
view customer.email -> v_sub.email
view customer.email -> v_union.contact
view customer.first_name -> v_concat.full_name
view customer.first_name -> v_if.nm
view customer.first_name -> v_star.first_name
view customer.id -> v_cast.cid
view customer.id -> v_cte.nid
view customer.id -> v_cte.rn
view customer.id -> v_gc.id
view customer.id -> v_star.id
view customer.last_name -> v_concat.full_name
view customer.last_name -> v_if.nm
view customer.last_name -> v_star.last_name
view customer.phone -> v_cast.ph
view customer.phone -> v_concat.contact
view customer.phone -> v_if.ph
view customer.phone -> v_if.reach
view customer.phone -> v_star.phone
view customer.phone -> v_union.contact
view payment.amount -> v_gc.amounts
view payment.amount -> v_sub.total
view payment.paid_at -> v_gc.amounts
EOF
# The view's columns are classified from those edges (the view is not run).
expect_eq "$(jq -r '.sources[0].tables[] | select(.name == "v_cast") | .columns[] | select(.name == "em") | .findings[0].category' "$TEST_TMP/my.json")" \
	user.contact.email "MariaDB: CONVERT(email USING ...) inherits the e-mail finding"

# ---- SQLite ----------------------------------------------------------------
sqlite3 "$TEST_TMP/shapes.db" <<'SQL'
CREATE TABLE customer (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT, phone TEXT, active INT);
CREATE TABLE audit_copy (id INTEGER PRIMARY KEY, cust_email TEXT, cust_name TEXT);
INSERT INTO customer VALUES (1,'Ann','Lee','ann@example.com','+44 20 7946 0001',1);
CREATE VIEW v_cat AS SELECT first_name || ' ' || last_name AS full_name FROM customer;
CREATE VIEW v_iif AS SELECT IIF(active, email, phone) AS reach FROM customer;
CREATE VIEW v_gc AS SELECT GROUP_CONCAT(email, '; ') AS emails FROM customer;
CREATE VIEW v_pf AS SELECT printf('%s <%s>', last_name, email) AS label FROM customer;
CREATE VIEW v_glob AS SELECT email FROM customer WHERE email GLOB '*@example.com' LIMIT 1, 5;
CREATE VIEW "v [odd]" AS SELECT [email] AS "e-mail" FROM customer;
CREATE VIEW v_cte AS WITH x AS (SELECT id, email FROM customer)
  SELECT email, NULLIF(id, 0) AS nid, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM x;
CREATE TRIGGER t AFTER INSERT ON customer BEGIN
  INSERT INTO audit_copy (cust_email, cust_name) VALUES (NEW.email, NEW.first_name || ' ' || NEW.last_name);
END;
SQL
expect_rc 0 "$STEWARD" scan -q "$TEST_TMP/shapes.db" -o "$TEST_TMP/lite.json"
check_lineage "$TEST_TMP/lite.json" SQLite 7 <<'EOF'
trigger customer.email -> audit_copy.cust_email
trigger customer.first_name -> audit_copy.cust_name
trigger customer.last_name -> audit_copy.cust_name
view customer.active -> v_iif.reach
view customer.email -> v [odd].e-mail
view customer.email -> v_cte.email
view customer.email -> v_gc.emails
view customer.email -> v_glob.email
view customer.email -> v_iif.reach
view customer.email -> v_pf.label
view customer.first_name -> v_cat.full_name
view customer.id -> v_cte.nid
view customer.id -> v_cte.rn
view customer.last_name -> v_cat.full_name
view customer.last_name -> v_pf.label
view customer.phone -> v_iif.reach
EOF

# ---- PostgreSQL --------------------------------------------------------------
pg -d postgres -c "CREATE DATABASE $db" >/dev/null
pg -d "$db" <<'SQL'
CREATE TABLE customer (id int PRIMARY KEY, first_name text, last_name text, email text);
CREATE TABLE audit_copy (id serial PRIMARY KEY, cust_email text, cust_name text);
CREATE FUNCTION copy_cust() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_copy (cust_email, cust_name) VALUES (NEW.email, NEW.first_name || ' ' || NEW.last_name);
  UPDATE audit_copy SET cust_name = NEW.last_name WHERE cust_email = OLD.email;
  RETURN NEW;
END $$;
CREATE TRIGGER trg AFTER INSERT OR UPDATE ON customer FOR EACH ROW EXECUTE FUNCTION copy_cust();
CREATE VIEW v_agg AS SELECT c.id, string_agg(c.email, ', ' ORDER BY c.email) AS emails FROM customer c GROUP BY c.id;
CREATE VIEW v_case AS SELECT CASE WHEN c.email LIKE '%@%' THEN c.email::varchar(50) ELSE coalesce(c.first_name, c.last_name) END AS reach FROM customer c;
SQL
expect_rc 0 "$STEWARD" scan -q "postgres://$PGUSER@127.0.0.1:$PGPORT/$db" -o "$TEST_TMP/pg.json"
check_lineage "$TEST_TMP/pg.json" PostgreSQL 2 <<'EOF'
trigger customer.email -> audit_copy.cust_email
trigger customer.first_name -> audit_copy.cust_name
trigger customer.last_name -> audit_copy.cust_name
view customer.email -> v_agg.emails
view customer.email -> v_case.reach
view customer.first_name -> v_case.reach
view customer.id -> v_agg.id
view customer.last_name -> v_case.reach
EOF
finish
