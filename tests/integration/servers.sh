# The test harness itself: the throwaway servers answer real queries, on
# 127.0.0.1, as the unprivileged test user, over TCP.
. "$STEWARD_SRC/tests/lib.sh"
need_servers
v=$(psql -X -At -h 127.0.0.1 -p "$PGPORT" -U "$PGUSER" -d "$PGDATABASE" -c "select current_user || ' ' || inet_server_addr()::text" 2>"$TEST_TMP/err")
case "$v" in
  "$PGUSER 127.0.0.1"*) pass ;;
  *) fail "postgres: got '$v'"; cat "$TEST_TMP/err" >&2 ;;
esac
v=$(MYSQL_PWD=$TESTDB_MY_PASSWORD mariadb --no-defaults --protocol=TCP -h "$TESTDB_MY_HOST" -P "$TESTDB_MY_PORT" \
    -u "$TESTDB_MY_USER" -N -B -e "select current_user()" "$TESTDB_MY_DB" 2>"$TEST_TMP/err")
case "$v" in
  "$TESTDB_MY_USER@127.0.0.1") pass ;;
  *) fail "mariadb: got '$v'"; cat "$TEST_TMP/err" >&2 ;;
esac
finish
