# PIA evidence on real servers (docs/pia.md): who can read personal data
# (roles, inherited roles, column grants, PUBLIC, row level security, a
# wildcard MySQL account, a scanning account that cannot read the grant
# catalogs), re-identification counts checked against GROUP BY queries run
# here with the engines' own clients, `check` failing on a disallowed grant
# and on a new one against a baseline, and the demo loaded with its roles.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

db=stw_t_$$_pia
r=stwp$$
export MYSQL_PWD=$TESTDB_MY_PASSWORD
cleanup() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	pg -d postgres -c "DROP DATABASE IF EXISTS ${db}_demo" >/dev/null 2>&1
	for role in ${r}_nurse ${r}_care ${r}_bi ${r}_bi2 ${r}_lp; do
		pg -d postgres -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1
	done
	my -e "DROP DATABASE IF EXISTS $db; DROP USER IF EXISTS '${r}_bi'@'%', '${r}_nurse'@'localhost', '${r}_lp'@'%'; DROP ROLE IF EXISTS ${r}_care" >/dev/null 2>&1
}
trap cleanup EXIT

# 240 people: birth dates over 6 years, two genders, 11 postal codes.
rows() {
	local i
	for i in $(seq 1 240); do
		printf "(%d, 'Person %d', 'p%d@example.com', '%d-%02d-%02d', '%s', '%d', '%s', %d)%s\n" \
			"$i" "$i" "$i" $((1970 + i % 6)) $((i % 12 + 1)) $((i % 28 + 1)) \
			"$([ $((i % 2)) = 0 ] && echo F || echo M)" $((10000 + (i % 11) * 7)) \
			"$([ $((i % 3)) = 0 ] && echo E11.9 || echo J45.909)" $((i % 3)) \
			"$([ "$i" = 240 ] && echo ';' || echo ',')"
	done
}
schema() {
	echo "CREATE TABLE patients (id INT PRIMARY KEY, full_name VARCHAR(60), email VARCHAR(80),
	  birth_date DATE, gender CHAR(1), postal_code VARCHAR(8), diagnosis VARCHAR(10), tenant_id INT);"
	echo "INSERT INTO patients VALUES"
	rows
	echo "CREATE VIEW v_contacts AS SELECT full_name, email FROM patients;"
}
# The counts a GROUP BY gives: classes, unique rows, smallest class, rows in classes under 5.
kcounts() {
	echo "SELECT count(*), sum(CASE WHEN n = 1 THEN 1 ELSE 0 END), min(n), sum(CASE WHEN n < 5 THEN n ELSE 0 END)
	  FROM (SELECT count(*) AS n FROM patients GROUP BY $1) g"
}
reid_of() { jq -r '.sources[0].tables[] | select(.name == "patients") | .reidentification' "$1"; }

# ---- PostgreSQL ------------------------------------------------------------
pg -d postgres -c "CREATE DATABASE $db" >/dev/null
schema | pg -d "$db" >/dev/null
pg -d "$db" >/dev/null <<SQL
CREATE ROLE ${r}_care NOLOGIN;
CREATE ROLE ${r}_nurse LOGIN IN ROLE ${r}_care;
CREATE ROLE ${r}_bi LOGIN;
CREATE ROLE ${r}_lp LOGIN PASSWORD 'lp-secret';
GRANT SELECT ON patients TO ${r}_care;
GRANT SELECT (id, postal_code, diagnosis) ON patients TO ${r}_bi;
GRANT SELECT ON v_contacts TO PUBLIC;
GRANT SELECT ON patients, v_contacts TO ${r}_lp;
ALTER TABLE patients ENABLE ROW LEVEL SECURITY;
CREATE POLICY same_tenant ON patients FOR SELECT TO ${r}_care USING (tenant_id = 1);
REVOKE SELECT ON pg_catalog.pg_policies FROM PUBLIC;
CREATE TABLE members (member_id INT PRIMARY KEY, tenant_id INT, email VARCHAR(80), full_name VARCHAR(60));
INSERT INTO members VALUES (1, 1, 'm1@example.com', 'Member One'), (2, 2, 'm2@example.com', 'Member Two');
CREATE TABLE visits (visit_id INT PRIMARY KEY, patient_id INT REFERENCES patients(id), visited_on DATE);
INSERT INTO visits VALUES (1, 1, '2024-01-01'), (2, 2, '2024-02-01');
GRANT SELECT ON members, visits TO ${r}_care;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${r}_bi;
CREATE TABLE staff (staff_id INT PRIMARY KEY, full_name TEXT, birth_date DATE, gender CHAR(1), job_title TEXT);
INSERT INTO staff SELECT g, 'Staff ' || g, date '1960-01-01' + (g % 9) * 400, CASE WHEN g % 3 = 0 THEN 'F' ELSE 'M' END,
  (ARRAY['nurse', 'porter', 'surgeon', 'clerk'])[g % 4 + 1] FROM generate_series(1, 90) g;
GRANT SELECT ON staff TO ${r}_care;
ANALYZE;
SQL
dsn="postgres://$PGUSER@127.0.0.1:$PGPORT/$db"
cat > "$TEST_TMP/pg.yaml" <<YAML
access:
  allowed_roles:
    user.health: [${r}_care]
  ignore: [postgres, $PGUSER, ${r}_lp]   # administrators and the scanning account
YAML
STEWARD_TRACE=sql "$STEWARD" scan -q "$dsn" -o "$TEST_TMP/pg.json" 2>"$TEST_TMP/pg.trace"
expect_eq "$?" 0 "pg: scan"
# Small tables of people are counted together: one UNION ALL statement.
expect_eq "$(grep -c 'GROUP BY.*UNION ALL' "$TEST_TMP/pg.trace")" 1 "pg: one batched statement for the small tables"
want=$(pg -d "$db" -tA -F ' ' -c "SELECT count(*), sum(CASE WHEN n = 1 THEN 1 ELSE 0 END), min(n), sum(CASE WHEN n < 5 THEN n ELSE 0 END)
  FROM (SELECT count(*) AS n FROM staff GROUP BY birth_date, gender, job_title) g")
expect_eq "$(jq -r '.sources[0].tables[] | select(.name == "staff") | .reidentification | "\(.classes) \(.unique_rows) \(.k) \(.rows_below_k)"' "$TEST_TMP/pg.json")" \
	"$want" "pg: the batched count of staff"
validate_schema "$STEWARD_SRC/docs/inventory.schema.json" "$TEST_TMP/pg.json"
acc='.sources[0].tables[] | select(.name == "patients") | .access'
expect_eq "$(jq -r "$acc | .row_level_security" "$TEST_TMP/pg.json")" true "pg: row level security on"
expect_eq "$(jq -r "$acc | .policies | join(\",\")" "$TEST_TMP/pg.json")" "same_tenant: SELECT to ${r}_care" "pg: the policy"
expect_eq "$(jq -r "$acc | [.grants[] | select(.grantee == \"${r}_bi\") | .scope + \":\" + (.columns | join(\"+\"))] | join(\",\")" "$TEST_TMP/pg.json")" \
	"columns:id+postal_code+diagnosis" "pg: the column grant"
expect_eq "$(jq -r ".sources[0].access.principals[] | select(.name == \"${r}_nurse\") | .member_of | join(\",\")" "$TEST_TMP/pg.json")" \
	"${r}_care" "pg: inherited role"
expect_eq "$(jq -r '.sources[0].access.complete' "$TEST_TMP/pg.json")" true "pg: the superuser reads every catalog"
expect_rc 1 "$STEWARD" check "$TEST_TMP/pg.json" -c "$TEST_TMP/pg.yaml" --format json --fail-on high
res='.results[] | select(.rule_id == "steward/access-not-allowed")'
expect_eq "$(jq -r "[$res | .message | capture(\"^(?<p>[^ ]+) can read\").p] | sort | join(\",\")" "$TEST_TMP/out")" \
	"${r}_bi" "pg: only the BI role reads the diagnosis without being allowed (the nurse inherits care)"
expect_eq "$(jq -r "[$res][0].failing" "$TEST_TMP/out")" true "pg: a disallowed grant of special data fails the gate"
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/access-public") | .table] | join(",")' "$TEST_TMP/out")" \
	v_contacts "pg: PUBLIC reads the contacts view"
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/access-unlogged")] | length' "$TEST_TMP/out")" 1 \
	"pg: reads of special-category data are not logged"
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/access-no-rls") | .table] | join(",")' "$TEST_TMP/out")" members \
	"pg: a table of people of several tenants without row level security"
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/access-broad") | .message | capture("^(?<p>[^ ]+) logs").p] | join(",")' "$TEST_TMP/out")" \
	"${r}_nurse" "pg: the nurse reads every table of personal data through the care role"
expect_grep "tables created by $PGUSER in schema public grant SELECT to ${r}_bi" <(jq -r '.sources[0].access.default_privileges[]' "$TEST_TMP/pg.json")
expect_rc 0 "$STEWARD" explain "$TEST_TMP/pg.json" "$db.public.patients.diagnosis"
expect_grep "^- ${r}_nurse: member of ${r}_care: GRANT SELECT ON public.patients TO ${r}_care; row level security limits its rows" "$TEST_TMP/out"
expect_grep "^- ${r}_bi: GRANT SELECT \(id, postal_code, diagnosis\)" "$TEST_TMP/out"
# A new grant after the baseline: only it fails.
pg -d "$db" -c "CREATE ROLE ${r}_bi2 LOGIN; GRANT SELECT ON patients TO ${r}_bi2" >/dev/null
expect_rc 0 "$STEWARD" scan -q "$dsn" -o "$TEST_TMP/pg2.json"
expect_rc 1 "$STEWARD" check "$TEST_TMP/pg2.json" --baseline "$TEST_TMP/pg.json" -c "$TEST_TMP/pg.yaml" --format json --fail-on high
expect_eq "$(jq -r "[$res | select(.failing) | .message | capture(\"^(?<p>[^ ]+) can\").p] | join(\",\")" "$TEST_TMP/out")" \
	"${r}_bi2" "pg: the new grant fails, the one in the baseline does not"
# Re-identification against the server's own GROUP BY.
want=$(pg -d "$db" -tA -F ' ' -c "$(kcounts 'birth_date, gender, postal_code')")
expect_eq "$(reid_of "$TEST_TMP/pg.json" | jq -r '"\(.classes) \(.unique_rows) \(.k) \(.rows_below_k)"')" "$want" "pg: equivalence classes"
want=$(pg -d "$db" -tA -F ' ' -c "$(kcounts "substr(CAST(birth_date AS TEXT), 1, 4), gender, postal_code")")
expect_eq "$(reid_of "$TEST_TMP/pg.json" | jq -r '.generalisations[0] | "\(.label): \(.classes) \(.unique_rows) \(.k) \(.rows_below_k)"')" \
	"birth_date -> year: $want" "pg: birth date to year"
expect_eq "$(reid_of "$TEST_TMP/pg.json" | jq -r '"\(.rows) \(.exact) \(.sensitive | join(",")) \(.l)"')" "240 true diagnosis 1" "pg: rows, l-diversity"
expect_no_grep 'p1@example\.com|Person 1[^0-9]|E11\.9' "$TEST_TMP/pg.json"
# A scanning account that cannot read one catalog: said, and the scan goes on.
rc=0
PGPASSWORD=lp-secret "$STEWARD" scan -q "postgres://${r}_lp@127.0.0.1:$PGPORT/$db" -o "$TEST_TMP/lp.json" 2>"$TEST_TMP/lp.err" || rc=$?
expect_eq "$rc" 0 "pg: a least-privilege account still scans"
expect_eq "$(jq -r '.sources[0].status + " " + (.sources[0].access.complete | tostring)' "$TEST_TMP/lp.json")" "ok false" \
	"pg: source ok, access audit partial"
expect_grep 'cannot read pg_catalog.pg_policies' <(jq -r '.sources[0].access.problems[]' "$TEST_TMP/lp.json")
expect_eq "$(jq -r "$acc | .grants | length" "$TEST_TMP/lp.json")" 4 "pg: the grants it can read are still there"
# --no-access and --reid-rows 0 leave them out.
expect_rc 0 "$STEWARD" scan -q "$dsn" --no-access --reid-rows 0 -o "$TEST_TMP/none.json"
expect_eq "$(jq -r '[.sources[0].access, (.sources[0].tables[] | .access, .reidentification)] | map(select(. != null)) | length' "$TEST_TMP/none.json")" 0 \
	"pg: nothing collected when switched off"

# ---- MariaDB -----------------------------------------------------------------
my -e "CREATE DATABASE $db"
schema | my "$db"
my "$db" <<SQL
CREATE ROLE ${r}_care;
GRANT SELECT ON patients TO ${r}_care;
CREATE USER '${r}_nurse'@'localhost' ACCOUNT LOCK;
GRANT ${r}_care TO '${r}_nurse'@'localhost';
CREATE USER '${r}_bi'@'%' ACCOUNT LOCK;
GRANT SELECT (id, postal_code) ON patients TO '${r}_bi'@'%';
CREATE USER '${r}_lp'@'%' IDENTIFIED BY 'lp-secret';
GRANT SELECT ON $db.* TO '${r}_lp'@'%';
SQL
mdsn="mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db"
expect_rc 0 "$STEWARD" scan -q "$mdsn" -o "$TEST_TMP/my.json"
validate_schema "$STEWARD_SRC/docs/inventory.schema.json" "$TEST_TMP/my.json"
expect_eq "$(jq -r ".sources[0].access.principals[] | select(.name == \"'${r}_nurse'@'localhost'\") | .member_of | join(\",\")" "$TEST_TMP/my.json")" \
	"${r}_care" "mariadb: a role granted to an account"
expect_eq "$(jq -r ".sources[0].access.principals[] | select(.name == \"'${r}_bi'@'%'\") | .wildcard" "$TEST_TMP/my.json")" true \
	"mariadb: a '%' host is a wildcard account"
expect_eq "$(jq -r "$acc | [.grants[] | select(.grantee == \"'${r}_bi'@'%'\") | .scope + \":\" + (.columns | join(\"+\"))] | join(\",\")" "$TEST_TMP/my.json")" \
	"columns:id+postal_code" "mariadb: the column grant"
expect_rc 1 "$STEWARD" check "$TEST_TMP/my.json" --format json --fail-on high
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/access-public" and .table == "patients") | .message | capture("^(?<p>[^ ]+) can").p] | sort | join(",")' "$TEST_TMP/out")" \
	"'${r}_bi'@'%','${r}_lp'@'%'" "mariadb: the wildcard accounts reading patients are findings"
want=$(my -N -B "$db" -e "$(kcounts 'birth_date, gender, postal_code')" | tr '\t' ' ')
expect_eq "$(reid_of "$TEST_TMP/my.json" | jq -r '"\(.classes) \(.unique_rows) \(.k) \(.rows_below_k)"')" "$want" "mariadb: equivalence classes"
rc=0
MYSQL_PWD=lp-secret "$STEWARD" scan -q "mysql://${r}_lp@127.0.0.1:$TESTDB_MY_PORT/$db" -o "$TEST_TMP/mylp.json" 2>/dev/null || rc=$?
expect_eq "$rc" 0 "mariadb: an account without SELECT on mysql.* still scans"
expect_eq "$(jq -r '.sources[0].status + " " + (.sources[0].access.complete | tostring)' "$TEST_TMP/mylp.json")" "ok false" \
	"mariadb: source ok, access audit partial"
expect_grep "cannot read mysql.user" <(jq -r '.sources[0].access.problems[]' "$TEST_TMP/mylp.json")
expect_eq "$(jq -r "$acc | [.grants[] | .grantee] | unique | join(\",\")" "$TEST_TMP/mylp.json")" "'${r}_lp'@'%'" \
	"mariadb: its own grants are still listed"

# ---- SQLite: the file's mode ----------------------------------------------------
sdb=$TEST_TMP/people.db
{ schema | sed 's/CREATE VIEW.*//'; } | sqlite3 "$sdb"
chmod 600 "$sdb"
expect_rc 0 "$STEWARD" scan -q "$sdb" -o "$TEST_TMP/s600.json"
"$STEWARD" check "$TEST_TMP/s600.json" --format json > "$TEST_TMP/out" || true
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/access-public")] | length' "$TEST_TMP/out")" 0 "sqlite 0600: private"
chmod 644 "$sdb"
expect_rc 0 "$STEWARD" scan -q "$sdb" -o "$TEST_TMP/s644.json"
expect_eq "$(jq -r '.sources[0].access.file.mode' "$TEST_TMP/s644.json")" 0644 "sqlite: the mode"
expect_rc 1 "$STEWARD" check "$TEST_TMP/s644.json" --format json --fail-on high
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/access-public") | .table] | join(",")' "$TEST_TMP/out")" patients \
	"sqlite 0644: every local account reads the patients"
want=$(sqlite3 -separator ' ' "$sdb" "$(kcounts 'birth_date, gender, postal_code')")
expect_eq "$(reid_of "$TEST_TMP/s644.json" | jq -r '"\(.classes) \(.unique_rows) \(.k) \(.rows_below_k)"')" "$want" "sqlite: equivalence classes"

# ---- the demo, with its roles, on PostgreSQL ------------------------------------
pg -d postgres -c "CREATE DATABASE ${db}_demo" >/dev/null
"$STEWARD" demo --sql postgres --roles | pg -d "${db}_demo" >/dev/null
expect_rc 0 "$STEWARD" demo -q -o "$TEST_TMP/demo"
sed "s|dsn: \"sqlite:.*\"|dsn: \"postgres://$PGUSER@127.0.0.1:$PGPORT/${db}_demo\"|; s/loyalty\.main\./loyalty.public./g" \
	"$TEST_TMP/demo/steward.yaml" > "$TEST_TMP/demo/pg.yaml"
expect_rc 0 "$STEWARD" scan -q -c "$TEST_TMP/demo/pg.yaml" --as-of 2026-11-01 -o "$TEST_TMP/demo/pg.json"
expect_rc 1 "$STEWARD" check "$TEST_TMP/demo/pg.json" -c "$TEST_TMP/demo/pg.yaml" --format json --fail-on high
expect_eq "$(jq -r '[.results[] | select(.rule_id == "steward/access-not-allowed") | .message | capture("^(?<p>[^ ]+) can").p] | sort | join(",")' "$TEST_TMP/out")" \
	"loyalty_analytics,loyalty_bi_reader" "demo: the analytics roles read the allergies they should not"
expect_rc 0 "$STEWARD" report "$TEST_TMP/demo/pg.json" -c "$TEST_TMP/demo/pg.yaml" --format markdown -o "$TEST_TMP/demo/pg.md"
expect_rc 0 "$STEWARD" report "$TEST_TMP/demo/pg.json" -c "$TEST_TMP/demo/pg.yaml" --format html -o "$TEST_TMP/demo/pg.html"
for f in "$TEST_TMP/demo/pg.md" "$TEST_TMP/demo/pg.html"; do
	expect_grep 'Who can read personal data' "$f"
	expect_grep 'Could the people be re-identified' "$f"
	expect_grep "Where one person.s data lives" "$f"
	expect_grep 'loyalty.{1,2}analytics' "$f"
done
expect_grep '6 roles and accounts can read pharmacy.+allergies.+2 of them are not in the allowed list' "$TEST_TMP/demo/pg.md"
finish
