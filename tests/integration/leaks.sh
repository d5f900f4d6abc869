# One leak test over every output (issue 20).  Unique passwords are planted
# in a URI, a libpq keyword string, ${ENV} in steward.yaml, MYSQL_PWD and a
# .pgpass file, and unique raw values (a name, an e-mail, a card number, an
# SSN) in a table on PostgreSQL, MariaDB and SQLite.  Then every command
# runs in every format -- scan (-v -v, STEWARD_TRACE=sql, --show-examples),
# map, report, check, diff, explain, locate (with --count), lineage infer,
# config check -- and the error paths: a wrong password, TLS required of a
# server without it, a closed port, a malformed DSN.  Every byte written
# (files, stdout, stderr) is searched for the secrets, the raw values, and
# the prefixes a mask would have shown of the name.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

tag=$$
db=stw_t_${tag}_leak
role=stw_t_${tag}_leaker
P_URI="Uri-$tag-Secret"          # in postgres://user:P@...
P_KW="Kw-$tag-Secret"            # in a keyword string
P_ENV="Env-$tag-Secret"          # ${LEAK_DSN} in steward.yaml
P_MY="My-$tag-Secret"            # MYSQL_PWD
P_PASS="Pgpass-$tag-Secret"      # ~/.pgpass (PGPASSFILE)
NAME="Zebulon Quixworth$tag"
EMAIL="zq.unique-$tag@leak.example"
CARD=4539148803436467            # a Luhn-valid number, nowhere else in the tests
SSN=536-22-8391
export STEWARD_FINGERPRINT_KEY="leak-test-key-$tag-abcdefgh"
OUT=$TEST_TMP/out
mkdir -p "$OUT"
cleanup() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	pg -d postgres -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1
	my -e "DROP DATABASE IF EXISTS $db; DROP USER IF EXISTS '$role'@'127.0.0.1'" >/dev/null 2>&1
}
trap cleanup EXIT
cd "$TEST_TMP" || exit 1

table_sql() {
	echo "CREATE TABLE people (id INTEGER PRIMARY KEY, full_name VARCHAR(100), email VARCHAR(100), card_number VARCHAR(20), ssn VARCHAR(20));"
	echo "INSERT INTO people VALUES (1, '$NAME', '$EMAIL', '$CARD', '$SSN');"
	for i in $(seq 2 30); do
		echo "INSERT INTO people VALUES ($i, 'Person $i Other', 'p$i@example.org', NULL, NULL);"
	done
}
pg -d postgres -c "CREATE ROLE $role LOGIN SUPERUSER PASSWORD '$P_URI'" >/dev/null
pg -d postgres -c "CREATE DATABASE $db OWNER $role" >/dev/null
table_sql | pg -d "$db" >/dev/null || fail "load PostgreSQL"
export MYSQL_PWD=$TESTDB_MY_PASSWORD
my -e "CREATE DATABASE $db; CREATE USER '$role'@'127.0.0.1' IDENTIFIED BY '$P_MY'; GRANT ALL ON *.* TO '$role'@'127.0.0.1'"
table_sql | my "$db" || fail "load MariaDB"
table_sql | sqlite3 "$TEST_TMP/lite_$tag.db" || fail "load SQLite"
unset MYSQL_PWD

# The same role answers to several passwords in turn: each one is planted
# once, used once, and must then be nowhere.
pgpw() { pg -d postgres -c "ALTER ROLE $role PASSWORD '$1'" >/dev/null; }
PGH="127.0.0.1:$PGPORT"

run() {   # name cmd...: stdout and stderr kept for the search
	local name=$1
	shift
	"$@" > "$OUT/$name.stdout" 2> "$OUT/$name.stderr" || true
}

# --- scans: each password form, verbose, traced, with masked examples ------
pgpw "$P_URI"
STEWARD_TRACE=sql run scan-uri "$STEWARD" scan -v -v --show-examples "postgres://$role:$P_URI@$PGH/$db" -o "$OUT/pg.json"
pgpw "$P_KW"
run scan-kw "$STEWARD" scan -v "host=127.0.0.1 port=$PGPORT user=$role password=$P_KW dbname=$db" -o "$OUT/pg-kw.json"
pgpw "$P_PASS"
printf '127.0.0.1:%s:*:%s:%s\n' "$PGPORT" "$role" "$P_PASS" > pgpass
chmod 600 pgpass
PGPASSFILE=$TEST_TMP/pgpass PGPASSWORD= run scan-pgpass env -u PGPASSWORD "$STEWARD" scan -v "postgres://$role@$PGH/$db" -o "$OUT/pg-pgpass.json"
pgpw "$P_ENV"
cat > "$OUT/steward.yaml" <<EOF
sources:
  - name: pgsrc
    dsn: \${LEAK_DSN}
  - name: mysrc
    dsn: mysql://$role@127.0.0.1:$TESTDB_MY_PORT/$db
  - name: litesrc
    dsn: sqlite:$TEST_TMP/lite_$tag.db
EOF
export LEAK_DSN="postgres://$role:$P_ENV@$PGH/$db"
MYSQL_PWD=$P_MY STEWARD_TRACE=sql run scan-config "$STEWARD" scan -v -v --show-examples -c "$OUT/steward.yaml" -o "$OUT/all.json"
MYSQL_PWD=$P_MY run config-check "$STEWARD" config check -c "$OUT/steward.yaml"
expect_eq "$(jq -r '[.sources[].status] | join(",")' "$OUT/all.json")" "ok,ok,ok" "the three sources scanned"
expect_eq "$(jq -r '[.sources[].tables[].columns[] | select(.name == "card_number" or .name == "ssn") | .findings | length > 0] | all' "$OUT/all.json")" true "the planted columns are classified"

# --- every reader, every format ---------------------------------------------
for f in svg dot png pdf; do run map-$f "$STEWARD" map "$OUT/all.json" --level column -f $f -o "$OUT/map.$f"; done
for f in text markdown html json csv; do run report-$f "$STEWARD" report "$OUT/all.json" -c "$OUT/steward.yaml" -f $f -o "$OUT/report.$f"; done
for f in text json sarif junit github; do run check-$f "$STEWARD" check "$OUT/all.json" -c "$OUT/steward.yaml" -f $f -o "$OUT/check.$f"; done
for f in text json markdown; do run diff-$f "$STEWARD" diff "$OUT/pg.json" "$OUT/all.json" -f $f -o "$OUT/diff.$f"; done
run explain "$STEWARD" explain "$OUT/all.json" pgsrc.public.people.full_name
for f in text markdown json; do run locate-$f "$STEWARD" locate "$OUT/all.json" --by user.contact.email -f $f -o "$OUT/locate.$f"; done
printf '%s\n' "$EMAIL" > value.txt
MYSQL_PWD=$P_MY run locate-count "$STEWARD" locate "$OUT/all.json" --by pgsrc.public.people.email --count -c "$OUT/steward.yaml" < value.txt
expect_grep '1 row' "$OUT/locate-count.stdout" "locate --count found the planted person"
run lineage "$STEWARD" lineage infer "$OUT/pg.json" "$OUT/pg-kw.json" -o "$OUT/merged.json"

# --- error paths -----------------------------------------------------------
run err-wrongpw "$STEWARD" scan "postgres://$role:Wrong$P_URI@$PGH/$db" -o "$OUT/err1.json"
MYSQL_PWD="Wrong$P_MY" run err-wrongmy "$STEWARD" scan "mysql://$role@127.0.0.1:$TESTDB_MY_PORT/$db" -o "$OUT/err2.json"
run err-tls "$STEWARD" scan "postgres://$role:$P_ENV@$PGH/$db?sslmode=require" -o "$OUT/err3.json"
expect_grep 'SSL|ssl|TLS' "$OUT/err-tls.stderr" "TLS required of a server without it fails"
run err-port "$STEWARD" scan "postgres://$role:$P_ENV@127.0.0.1:1/$db" --timeout 2 -o "$OUT/err4.json"
run err-malformed "$STEWARD" scan "postgres//$role:$P_ENV@$PGH/$db"
run err-malformed2 "$STEWARD" scan "mysql:$role:$P_MY@127.0.0.1/$db"
run err-kw "$STEWARD" scan "host=127.0.0.1 port=1 user=$role password=$P_KW sslpassword=$P_KW dbname=$db connect_timeout=2" -o "$OUT/err5.json"

# --- the search --------------------------------------------------------------
nfiles=$(find "$OUT" -type f | wc -l)
expect_eq "$([ "$nfiles" -ge 45 ] && echo yes)" yes "outputs searched ($nfiles files)"
for secret in "$P_URI" "$P_KW" "$P_ENV" "$P_MY" "$P_PASS" "$STEWARD_FINGERPRINT_KEY" \
    "$NAME" "Zebulon" "Quixworth" "$EMAIL" "zq.unique" "$CARD" "$SSN" "Z****** Q" "Z******"; do
	hits=$(grep -rlF -- "$secret" "$OUT" || true)
	if [ -n "$hits" ]; then
		fail "'$secret' found in: $(echo $hits | tr '\n' ' ')"
	else
		pass
	fi
done
finish
