#!/usr/bin/env bash
# Man pages: `cmake --install` writes steward(1) and one page per command
# from the binary's own --help (steward __man), so each page lists exactly
# the options --help lists; steward.yaml(5) documents every top-level key
# the configuration loader knows and steward-rules(5) every rule key; every
# page renders without a warning.
. "$STEWARD_SRC/tests/lib.sh"
set -e
cd "$TEST_TMP"

DESTDIR=$TEST_TMP/root cmake --install "$(dirname "$STEWARD")" --prefix /usr >/dev/null
man1=$TEST_TMP/root/usr/share/man/man1 man5=$TEST_TMP/root/usr/share/man/man5
for cmd in scan demo check diff report map explain locate export merge lineage rules config; do
	page=$man1/steward-$cmd.1.gz
	[ -s "$page" ] && pass || fail "no page for $cmd"
	"$STEWARD" "$cmd" --help | sed -n '/^Options:/,$p' | grep -oE '^ +(-[a-z], )?--[a-z-]+' | sed 's/.*--//' | sort -u > "$cmd.help"
	MANWIDTH=200 man -l "$page" 2>"$cmd.warn" | sed -n '/^OPTIONS/,/^SEE ALSO/p' | grep -oE '^ +(-[a-z], )?--[a-z-]+' | sed 's/.*--//' | sort -u > "$cmd.man"
	[ "$(wc -l < "$cmd.help")" -gt 1 ] && pass || fail "$cmd: no options found in --help"
	expect_eq "$(diff "$cmd.help" "$cmd.man" | tr '\n' ' ')" "" "$cmd: the page lists the options of --help"
	expect_eq "$(cat "$cmd.warn")" "" "$cmd: renders without a warning"
	zcat "$page" > "$cmd.1"
	expect_grep "^\.TH STEWARD-$(echo "$cmd" | tr a-z A-Z) 1" "$cmd.1"
done
MANWIDTH=100 man -l "$man1/steward.1.gz" > steward.txt 2>steward.warn
for cmd in scan demo check diff report map explain locate export merge lineage rules config completion; do
	expect_grep "steward-$cmd\(1\)" steward.txt
done
expect_eq "$(cat steward.warn)" "" "steward(1) renders without a warning"

# steward.yaml(5): every top-level key of scanner/config.c.
keys=$(sed -n '/^load_top(/,/^}/p' "$STEWARD_SRC/scanner/config.c" | grep -oE '"[a-z_]+"' | tr -d '"' | sort -u)
[ -n "$keys" ] && pass || fail "no keys found in config.c"
for k in $keys; do
	zgrep -q "^\.B $k\$" "$man5/steward.yaml.5.gz" && pass || fail "steward.yaml(5) does not document '$k'"
done
# steward-rules(5): every rule key of rules/classify.c.
rkeys=$(grep -A4 'static const char \*const keys\[K_N\]' "$STEWARD_SRC/rules/classify.c" | grep -oE '"[a-z_]+"' | tr -d '"')
[ -n "$rkeys" ] && pass || fail "no rule keys found in classify.c"
for k in $rkeys; do
	zgrep -q "^\.B $k\$" "$man5/steward-rules.5.gz" && pass || fail "steward-rules(5) does not document '$k'"
done
for p in "$man5/steward.yaml.5.gz" "$man5/steward-rules.5.gz"; do
	man -l "$p" >/dev/null 2>"$TEST_TMP/w"
	expect_eq "$(cat "$TEST_TMP/w")" "" "$(basename "$p") renders without a warning"
done
# The built-in packs are installed for reference.
for p in core health languages; do
	cmp -s "$STEWARD_SRC/rules/packs/$p.yaml" "$TEST_TMP/root/usr/share/steward/rules/$p.yaml" && pass || fail "pack $p not installed"
done
finish
