# A map is the same on every run (docs/map.md "Same input, same map"),
# and --max-tables bounds all of it (docs/map.md "Large schemas"):
# 40 SQLite sources, made in a shuffled order, each with a person table
# and a reference table, are scanned into one inventory and mapped as dot
# several times, each run with a different heap layout (MALLOC_PERTURB_,
# MALLOC_TOP_PAD_, a large environment).  Every run writes the same bytes,
# and the source clusters come in the order of their names, not in the
# order their names happen to sit in memory (cgraph's own ID discipline
# orders subgraphs by address).
. "$STEWARD_SRC/tests/lib.sh"
cd "$TEST_TMP" || exit 1
python3 - <<'PY' || { fail "generate the databases"; finish; exit 1; }
import random, sqlite3
random.seed(40)
names = ["site_%02d" % i for i in range(40)]
random.shuffle(names)
for n in names:
    db = sqlite3.connect(n + ".db")
    db.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, email TEXT, full_name TEXT)")
    db.execute("CREATE TABLE visits (id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(id), at TEXT)")
    db.execute("CREATE TABLE colours (code TEXT PRIMARY KEY, label TEXT)")
    db.executemany("INSERT INTO members VALUES (?,?,?)",
        [(k, "m%d@%s.example.org" % (k, n), "Member %d" % k) for k in range(20)])
    db.executemany("INSERT INTO visits VALUES (?,?,?)",
        [(k, k % 20, "2025-03-%02d" % (1 + k % 28)) for k in range(30)])
    db.executemany("INSERT INTO colours VALUES (?,?)", [("c%d" % k, "colour %d" % k) for k in range(5)])
    db.commit()
PY
set -- site_*.db
expect_eq "$#" 40 "40 databases"
expect_rc 0 "$STEWARD" scan "$@" --sample 50 -q -o inv.json
expect_eq "$(jq '.sources | length' inv.json)" 40 "40 sources"

# The same map under different heap layouts.
pad=$(head -c 20000 /dev/zero | tr '\0' x)
MALLOC_PERTURB_=0 "$STEWARD" map inv.json --collapse no --format dot -o a.dot
rc_a=$?
MALLOC_PERTURB_=165 MALLOC_TOP_PAD_=1048576 "$STEWARD" map inv.json --collapse no --format dot -o b.dot
rc_b=$?
STEWARD_TEST_PAD=$pad MALLOC_MMAP_THRESHOLD_=4096 "$STEWARD" map inv.json --collapse no --format dot -o c.dot
rc_c=$?
expect_eq "$rc_a $rc_b $rc_c" "0 0 0" "three maps written"
expect_rc 0 cmp a.dot b.dot
expect_rc 0 cmp a.dot c.dot

# The clusters of the sources are in the order of their names.
grep -oE 'subgraph "?cluster_[^"/ ]*("| )' a.dot | sed -E 's/subgraph "?cluster_//; s/("| )$//' | grep -vx legend > order.txt
expect_eq "$(wc -l < order.txt)" 40 "a cluster per source"
expect_rc 0 sh -c 'LC_ALL=C sort -c order.txt'
# each with its schema's cluster inside
grep -o 'subgraph "cluster_[^"]*/[^"]*"' a.dot > schemas.txt
expect_eq "$(wc -l < schemas.txt)" 40 "a schema cluster per source"

# --max-tables bounds the whole figure: the collapsed groups (visits: keys
# and dates only; colours: no personal data) are drawn only beside a
# drawn table, so 5 of the 40 member tables make 5 schema clusters, and
# the other 35 sources' 105 tables are counted as not drawn.
expect_rc 0 "$STEWARD" map inv.json --max-tables 5 --format dot -o top.dot
expect_eq "$(grep -c 'subgraph "cluster_[^"]*/[^"]*"' top.dot)" 5 "5 schema clusters"
expect_eq "$(grep -c '"group/' top.dot)" 10 "two groups beside each drawn table"
expect_grep 'and 105 more tables not drawn' top.dot
finish
