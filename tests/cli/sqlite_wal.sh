# SQLite databases in WAL mode are scanned without creating or changing a
# file beside them (issue 20): a checkpointed one is read immutable, a live
# one (-wal and -shm there) normally, one whose -shm is missing from the
# main file alone, with a warning; the main file and the log are unchanged
# byte for byte; a read-only folder is no obstacle.
. "$STEWARD_SRC/tests/lib.sh"
command -v python3 >/dev/null || skip_test "python3 is not installed"
cd "$TEST_TMP" || exit 1

# a WAL database closed cleanly: no -wal, no -shm
python3 - <<'PY'
import sqlite3
c = sqlite3.connect("clean.db")
c.execute("PRAGMA journal_mode=WAL")
c.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT)")
c.executemany("INSERT INTO people (email) VALUES (?)", [("u%d@example.org" % i,) for i in range(60)])
c.commit()
c.close()
PY
expect_eq "$(ls clean.db* | tr '\n' ' ')" "clean.db " "a clean WAL database is one file"
before=$(sha256sum clean.db)
expect_rc 0 "$STEWARD" scan clean.db -o clean.json
expect_eq "$(ls clean.db* | tr '\n' ' ')" "clean.db " "the scan created no -wal or -shm"
expect_eq "$(sha256sum clean.db)" "$before" "the database is unchanged"
expect_eq "$(jq -r '.sources[0].tables[0].rows_sampled' clean.json)" 60 "its rows are read"
expect_eq "$(jq -r '.sources[0].tables[0].columns[1].findings[0].category' clean.json)" user.contact.email "and classified"

# a live one: the writer has not checkpointed (nor closed)
python3 - <<'PY'
import os, sqlite3
c = sqlite3.connect("live.db", isolation_level=None)
c.execute("PRAGMA journal_mode=WAL")
c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT)")
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
for i in range(40):
    c.execute("INSERT INTO people (email) VALUES ('w%d@example.org')" % i)
os._exit(0)
PY
expect_eq "$(ls live.db* | tr '\n' ' ')" "live.db live.db-shm live.db-wal " "a live WAL database has its log and index"
main=$(sha256sum live.db) wal=$(sha256sum live.db-wal)
expect_rc 0 "$STEWARD" scan live.db -o live.json
expect_eq "$(ls live.db* | tr '\n' ' ')" "live.db live.db-shm live.db-wal " "nothing new beside a live database"
expect_eq "$(sha256sum live.db)" "$main" "the main file is unchanged"
expect_eq "$(sha256sum live.db-wal)" "$wal" "the log is unchanged"
expect_eq "$(jq -r '.sources[0].tables[0].rows_sampled' live.json)" 40 "the log's rows are read"

# the log without its index: the main file only, and a warning
rm -f live.db-shm
expect_rc 0 "$STEWARD" scan live.db -o nolog.json
expect_eq "$(ls live.db* | tr '\n' ' ')" "live.db live.db-wal " "no -shm created"
expect_grep 'live: the write-ahead log of this WAL database has no -shm index beside it; reading the main file only' err
expect_eq "$(jq -r '.sources[0].tables[0].rows_sampled' nolog.json)" 0 "only what was checkpointed"

# a read-only folder (not for root, whom permissions do not stop)
if [ "$(id -u)" != 0 ]; then
	mkdir ro && cp clean.db ro/ && chmod 0555 ro
	expect_rc 0 "$STEWARD" scan ro/clean.db -o ro.json
	expect_eq "$(ls ro | tr '\n' ' ')" "clean.db " "nothing created in a read-only folder"
	chmod 0755 ro
fi
finish
