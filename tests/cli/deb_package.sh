#!/usr/bin/env bash
# The Debian package: cpack -G DEB from this build; Depends computed by
# dpkg-shlibdeps (plus libpq5, loaded at run time); unpacked into a fresh
# root, its steward runs the demo, its man pages render and its completion
# and rule packs are in place.
. "$STEWARD_SRC/tests/lib.sh"
set -e
cd "$TEST_TMP"
command -v cpack >/dev/null && command -v dpkg-deb >/dev/null || skip_test "cpack or dpkg-deb missing"

build=$(dirname "$STEWARD")
expect_rc 0 cpack --config "$build/CPackConfig.cmake" -G DEB -B "$TEST_TMP/pkg"
deb=$(ls "$TEST_TMP"/pkg/steward_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] && pass || { fail "no .deb"; finish; exit 1; }
dep=$(dpkg-deb -f "$deb" Depends)
for lib in libpq5 libsqlite3-0 libpcre2-8-0 libjansson4 libyaml-0-2 libgvc6 libcgraph6 libmariadb3; do
	case ", $dep," in *", $lib"[\ ,]*) pass ;; *) fail "Depends lacks $lib: $dep" ;; esac
done
expect_eq "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Section)" "steward utils" "package name and section"
dpkg-deb -x "$deb" root
for f in usr/bin/steward usr/share/man/man1/steward.1.gz usr/share/man/man1/steward-scan.1.gz \
    usr/share/man/man5/steward.yaml.5.gz usr/share/bash-completion/completions/steward \
    usr/share/doc/steward/copyright usr/share/doc/steward/changelog.gz \
    usr/share/zsh/vendor-completions/_steward usr/share/fish/vendor_completions.d/steward.fish \
    usr/share/steward/rules/core.yaml usr/share/doc/steward/README.md usr/share/doc/steward/pia.md \
    usr/share/doc/steward/openlineage/StewardPrivacyDatasetFacet.json; do
	[ -s "root/$f" ] && pass || fail "not in the package: $f"
done
expect_rc 0 root/usr/bin/steward demo -q -o demo
[ -s demo/report.html ] && [ -s demo/inventory.json ] && pass || fail "the packaged steward's demo wrote nothing"
expect_eq "$(MANWIDTH=80 man -l root/usr/share/man/man1/steward-scan.1.gz 2>/dev/null | grep -c -- '--sample N')" 1 \
	"man steward-scan from the package"
# Debian's own checks: lintian (no error or warning; the info-level tags
# left are explained in docs/HACKING.md), and apt, which must be able to
# install it with what Debian 12 ships (a simulation: nothing is installed).
if command -v lintian >/dev/null; then
	lintian --tag-display-limit 0 "$deb" > lintian.out 2>&1 || :
	expect_no_grep '^[EW]: ' lintian.out "lintian errors or warnings"
else
	fail "lintian is not installed (scripts/setup installs it)"
fi
if command -v apt-get >/dev/null; then
	expect_rc 0 apt-get -s -q install "$deb"
	expect_grep '^Inst steward ' "$TEST_TMP/out" "apt would install the package"
fi
finish
