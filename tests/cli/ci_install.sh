# How the CI templates install steward (docs/ci.md "Installing steward"):
# every template (the gate and the fleet, GitHub and GitLab) carries the
# same install step, and it runs here as written, both ways:
#   - STEWARD_DEB_URL set: the .deb this build makes (cpack, as the release
#     job does) is fetched with curl and installed; apt-get is a shim that
#     unpacks the package, since installing into this machine is not the
#     test's business; then the step's own `steward --version` runs the
#     packaged binary;
#   - unset: steward is cloned from STEWARD_GIT_URL (this checkout's HEAD)
#     and built from source, for real.
# Only the step's absolute paths (/tmp, /opt, /usr/local/bin) are moved
# under the test's directory.
. "$STEWARD_SRC/tests/lib.sh"
command -v cpack >/dev/null && command -v dpkg-deb >/dev/null || skip_test "cpack or dpkg-deb missing"
cd "$TEST_TMP" || exit 1

python3 - "$STEWARD_SRC/contrib/ci" <<'PY' > steps.txt || fail "read the install steps"
import sys, yaml
d = sys.argv[1]
out = []
for f in ("github-actions.yml", "fleet-github-actions.yml"):
    wf = yaml.safe_load(open("%s/%s" % (d, f)))
    for name, job in wf["jobs"].items():
        for st in job["steps"]:
            if st.get("name") == "Install steward":
                assert set(st["env"]) == {"STEWARD_DEB_URL", "STEWARD_GIT_URL", "STEWARD_REF"}, st["env"]
                out.append(("%s:%s" % (f, name), st["run"]))
for f in ("gitlab-ci.yml", "fleet-gitlab-ci.yml"):
    wf = yaml.safe_load(open("%s/%s" % (d, f)))
    for name, job in wf.items():
        if not isinstance(job, dict) or name.startswith("."):
            continue
        blocks = [b for b in job.get("before_script", []) if "STEWARD_DEB_URL" in b]
        assert len(blocks) == 1, (f, name)
        out.append(("%s:%s" % (f, name), blocks[0]))
first = out[0][1].strip()
for where, text in out:
    assert text.strip() == first, "%s installs differently from %s" % (where, out[0][0])
    print(where)
open("install.sh", "w").write(first + "\n")
PY
expect_eq "$(wc -l < steps.txt)" 6 "six jobs install steward"
expect_grep '^steward --version$' install.sh

# The step with its absolute paths under $TEST_TMP.
sed -e "s#/tmp/steward.deb#$TEST_TMP/dl/steward.deb#g" -e "s#/opt/#$TEST_TMP/opt/#g" \
	-e "s#/usr/local/bin/steward#$TEST_TMP/local/bin/steward#g" install.sh > step.sh
mkdir -p dl opt local/bin shim
cat > shim/apt-get <<'SH'
#!/bin/sh
# apt-get as the step calls it: logged; a .deb is unpacked, not installed.
echo "apt-get $*" >> "$SHIM_LOG"
for a in "$@"; do
	case $a in
	*.deb)
		dpkg-deb -x "$a" "$SHIM_ROOT" || exit 100
		ln -sf "$SHIM_ROOT/usr/bin/steward" "$(dirname "$0")/steward" ;;
	esac
done
SH
chmod +x shim/apt-get
export SHIM_LOG=$TEST_TMP/apt.log SHIM_ROOT=$TEST_TMP/root

# ---- from the package ----------------------------------------------------
build=$(dirname "$STEWARD")
expect_rc 0 cpack --config "$build/CPackConfig.cmake" -G DEB -B "$TEST_TMP/pkg"
deb=$(ls "$TEST_TMP"/pkg/steward_*_amd64.deb 2>/dev/null | head -1)
: > apt.log
expect_rc 0 env -i HOME="$TEST_TMP" PATH="$TEST_TMP/shim:/usr/bin:/bin" SHIM_LOG="$SHIM_LOG" SHIM_ROOT="$SHIM_ROOT" \
	STEWARD_DEB_URL="file://$deb" STEWARD_GIT_URL= STEWARD_REF=main bash --noprofile --norc -eo pipefail step.sh
expect_grep '^steward [0-9]+\.[0-9]+\.[0-9]+ ' "$TEST_TMP/out" "the packaged steward ran"
expect_grep "^apt-get install .* $TEST_TMP/dl/steward.deb\$" apt.log
expect_no_grep 'cmake|libpq-dev' apt.log "the package path builds nothing"
expect_rc 0 cmp "$deb" dl/steward.deb

# ---- from source -----------------------------------------------------------
git init -q --bare src.git
git -C "$STEWARD_SRC" push -q "$TEST_TMP/src.git" HEAD:refs/heads/main 2>/dev/null ||
	{ fail "cannot push this checkout's HEAD to a scratch repository"; finish; exit 1; }
rm -f shim/steward
: > apt.log
expect_rc 0 env -i HOME="$TEST_TMP" PATH="$TEST_TMP/local/bin:$TEST_TMP/shim:/usr/bin:/bin" SHIM_LOG="$SHIM_LOG" \
	SHIM_ROOT="$SHIM_ROOT" STEWARD_DEB_URL= STEWARD_GIT_URL="file://$TEST_TMP/src.git" STEWARD_REF=main \
	bash --noprofile --norc -eo pipefail step.sh
rev=$(git -C "$STEWARD_SRC" rev-parse --short=12 HEAD)
expect_grep "^steward [0-9.]+ \\($rev" "$TEST_TMP/out" "the step built this checkout's HEAD and ran it"
[ -x local/bin/steward ] && pass || fail "the source build installed no steward"
expect_grep '^apt-get install .*libpg-query-dev' apt.log
finish
