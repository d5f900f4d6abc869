# steward scan's progress line (--progress auto|always|never) under a
# pseudo-terminal made by util-linux script(1): drawn when stderr is a
# terminal, redrawn in place with "\r\033[K" only, hostile table names
# (ESC sequences, BEL, a newline, a long UTF-8 name) shown sanitized and
# cut on a character boundary, the last line cleared; nothing when stderr
# is a file (auto), with -q, or with --progress never; plain lines with
# --progress always into a file.
. "$STEWARD_SRC/tests/lib.sh"
command -v script >/dev/null 2>&1 || skip_test "script(1) from util-linux (bsdutils) is not installed"

db=$TEST_TMP/hostile.db
# The hostile name: ESC [31m (colour), ESC ]0;...BEL (set the window
# title), a newline.  Sanitized it reads evil?[31mred?]0;pwned??line.
evil=$'evil\033[31mred\033]0;pwned\a\nline'
long=$(printf 'ü%.0s' $(seq 40); printf '日本語%.0s' $(seq 20))
{
	echo "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, full_name TEXT);"
	echo "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total REAL);"
	printf 'CREATE TABLE "%s" (x INTEGER);\n' "$evil"
	printf 'CREATE TABLE "%s" (y TEXT);\n' "$long"
	echo "INSERT INTO customers VALUES (1, 'ann@example.com', 'Ann Example'), (2, 'bo@example.org', 'Bo Example');"
	echo "INSERT INTO orders VALUES (1, 1, 10.5);"
} | sqlite3 "$db" || { fail "cannot create $db"; finish; exit; }
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE type = 'table'")" 4 "test database tables"

# tty_run OUT CMD: runs the shell command CMD with stdin, stdout and stderr
# on a fresh 80x24 pseudo-terminal; what the terminal received goes to OUT.
tty_run() {
	local out=$1 cmd=$2
	script -qec "stty cols 80 rows 24; $cmd" /dev/null </dev/null >"$out" 2>&1
}
S=$(printf '%q' "$STEWARD")
D=$(printf '%q' "$db")
T=$(printf '%q' "$TEST_TMP")

# Checks the terminal bytes in $1: valid UTF-8; every ESC is part of a
# "\r\033[K"; no BEL, no line feed (the scan writes its inventory with -o);
# the hostile name shown sanitized; the long one cut with "..."; every
# redrawn line fits in 79 columns; the output ends with the clear.
check_tty_bytes() {
	/usr/bin/python3 - "$1" <<'PY'
import sys, unicodedata
raw = open(sys.argv[1], "rb").read()
errs = []
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    errs.append("not UTF-8 (a character cut in half?): %s" % e)
    text = raw.decode("utf-8", "replace")
clear = "\r\x1b[K"
rest = text.replace(clear, "")
if "\x1b" in rest:
    i = rest.index("\x1b")
    errs.append("an ESC outside the clear sequence: %r" % rest[max(0, i - 20):i + 20])
if "\x07" in text:
    errs.append("a BEL reached the terminal")
if "\n" in text:
    errs.append("a line feed reached the terminal: %r" % text[:200])
if "main.evil?[31mred?]0;pwned??line" not in text:
    errs.append("the hostile name is not shown sanitized")
cut = [s for s in text.split(clear) if "main.üü" in s]
if not cut:
    errs.append("the long unicode name is not shown")
for s in cut:
    if not s.endswith("...") or "日本語" * 20 in s:
        errs.append("the long name is not cut with '...': %r" % s)
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for s in text.split(clear):
    if width(s) > 79:
        errs.append("a line wider than the terminal (%d columns): %r" % (width(s), s))
if not text.endswith(clear):
    errs.append("the last progress line is not cleared: ends %r" % text[-40:])
if text.count(clear) < 4:
    errs.append("expected a redraw per table, got %d" % text.count(clear))
for e in errs:
    print(e, file=sys.stderr)
sys.exit(1 if errs else 0)
PY
}

# auto on a terminal: progress, safe bytes.
tty_run "$TEST_TMP/auto.tty" "$S scan $D -o $T/inv.json"
expect_eq "$?" 0 "scan under a pty"
expect_grep '[0-9]+/4 tables' "$TEST_TMP/auto.tty" "auto on a terminal: no progress line"
expect_grep '4/4 tables' "$TEST_TMP/auto.tty" "auto on a terminal: no final count"
if check_tty_bytes "$TEST_TMP/auto.tty"; then pass; else fail "terminal bytes (auto)"; od -c "$TEST_TMP/auto.tty" | head -30 >&2; fi
expect_eq "$(jq '.sources[0].tables | length' "$TEST_TMP/inv.json")" 4 "the inventory holds every table"
expect_eq "$(jq -r --arg n "$evil" '[.sources[0].tables[] | select(.name == $n)] | length' "$TEST_TMP/inv.json")" 1 \
	"the inventory keeps the hostile name as it is"

# always on a terminal: the same.
tty_run "$TEST_TMP/always.tty" "$S scan $D -o $T/inv2.json --progress always"
expect_grep '4/4 tables' "$TEST_TMP/always.tty" "--progress always on a terminal: no progress"
if check_tty_bytes "$TEST_TMP/always.tty"; then pass; else fail "terminal bytes (always)"; fi

# auto with stderr in a file (stdin and stdout still the terminal): silent.
tty_run "$TEST_TMP/file.tty" "$S scan $D -o $T/inv3.json 2>$T/auto.err"
expect_eq "$(wc -c <"$TEST_TMP/auto.err")" 0 "auto, stderr a file: stderr is empty"
expect_eq "$(wc -c <"$TEST_TMP/file.tty")" 0 "auto, stderr a file: nothing on the terminal"

# never, and -q, on a terminal: silent.
tty_run "$TEST_TMP/never.tty" "$S scan $D -o $T/inv4.json --progress never"
expect_eq "$(wc -c <"$TEST_TMP/never.tty")" 0 "--progress never on a terminal prints nothing"
tty_run "$TEST_TMP/quiet.tty" "$S scan $D -o $T/inv5.json -q"
expect_eq "$(wc -c <"$TEST_TMP/quiet.tty")" 0 "-q on a terminal prints no progress"

# always into a file: plain lines, no escape sequences, no table names.
expect_rc 0 "$STEWARD" scan "$db" -o "$TEST_TMP/inv6.json" --progress always
expect_grep '^steward: [^ ]+: 4/4 tables, [0-9]+ rows/s$' "$TEST_TMP/err" "--progress always into a file: no final line"
expect_no_grep $'\033' "$TEST_TMP/err" "--progress always into a file: escape sequences"
expect_no_grep $'\r' "$TEST_TMP/err" "--progress always into a file: carriage returns"
expect_no_grep 'evil|pwned' "$TEST_TMP/err" "--progress always into a file: table names"
expect_rc 0 "$STEWARD" scan "$db" -o "$TEST_TMP/inv7.json"
expect_eq "$(wc -c <"$TEST_TMP/err")" 0 "auto into a file: stderr is empty"
expect_rc 2 "$STEWARD" scan "$db" --progress sometimes
expect_grep "^steward: --progress: expected auto, always or never, got 'sometimes'$" "$TEST_TMP/err"
finish
