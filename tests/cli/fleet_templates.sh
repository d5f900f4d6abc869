# The ways to run a sharded fleet scan, checked as files since no cluster,
# CI service or container daemon runs here (docs/fleet.md "What was not
# run here"): the Kubernetes manifest against the Kubernetes API schemas
# (kubernetes-models, scripts/fetch-k8s-models; a broken copy must fail),
# the Indexed Job (completions = SHARDS, index to
# --shard, the fingerprint key from a Secret, non-root, read-only root),
# the GitHub Actions matrix and the GitLab parallel job (a merge after the
# shards), the Dockerfile (two stages, non-root user, the package
# installed); and every steward command
# the templates run uses options that command has.
. "$STEWARD_SRC/tests/lib.sh"
models=${STEWARD_CACHE:-${HOME:-}/.cache/steward}/k8s-models
if [ ! -f "$models/node_modules/kubernetes-models/package.json" ] || ! command -v node >/dev/null; then
	fail "Kubernetes models not found at '$models' (or no node): run scripts/setup or scripts/fetch-k8s-models"
else
	mkdir -p "$TEST_TMP/k8s"
	cp "$STEWARD_SRC/tests/fixtures/k8s-validate.mjs" "$TEST_TMP/k8s/"
	ln -sfn "$models/node_modules" "$TEST_TMP/k8s/node_modules"
	expect_rc 0 node "$TEST_TMP/k8s/k8s-validate.mjs" "$STEWARD_SRC/contrib/k8s/steward-fleet.yaml"
	expect_grep '^4 objects valid$' "$TEST_TMP/out"
	sed 's/completionMode: Indexed/completionMode: Indexd/' "$STEWARD_SRC/contrib/k8s/steward-fleet.yaml" > "$TEST_TMP/bad1.yaml"
	sed 's/backoffLimitPerIndex: 2 /backoffLimitPerIndex: "two" /' "$STEWARD_SRC/contrib/k8s/steward-fleet.yaml" > "$TEST_TMP/bad2.yaml"
	expect_rc 1 node "$TEST_TMP/k8s/k8s-validate.mjs" "$TEST_TMP/bad1.yaml"
	expect_grep 'completionMode must be equal to one of the allowed values' "$TEST_TMP/err"
	expect_rc 1 node "$TEST_TMP/k8s/k8s-validate.mjs" "$TEST_TMP/bad2.yaml"
	expect_grep 'backoffLimitPerIndex must be integer' "$TEST_TMP/err"
fi
python3 - "$STEWARD_SRC" "$STEWARD" <<'PY' || fail "contrib/k8s, contrib/ci and contrib/docker templates"
import re, shlex, subprocess, sys, yaml
src, steward = sys.argv[1], sys.argv[2]
docs = [d for d in yaml.safe_load_all(open(src + "/contrib/k8s/steward-fleet.yaml")) if d]
by = {(d["kind"], d["metadata"]["name"]): d for d in docs}
scan = by[("Job", "steward-scan")]
spec = scan["spec"]
assert spec["completionMode"] == "Indexed", spec
n = spec["completions"]
assert 1 <= spec["parallelism"] <= n
pod = spec["template"]["spec"]
assert pod["restartPolicy"] in ("Never", "OnFailure")
assert pod["securityContext"]["runAsNonRoot"] is True
c = pod["containers"][0]
cmd = " ".join(c.get("command", []) + c.get("args", []))
assert "JOB_COMPLETION_INDEX + 1" in cmd and "--shard" in cmd, cmd
envs = {e["name"]: e for e in c.get("env", [])}
assert str(n) == str(envs["SHARDS"]["value"]), "SHARDS must equal completions"
assert "secretKeyRef" in envs["STEWARD_FINGERPRINT_KEY"]["valueFrom"], "the fingerprint key comes from a Secret"
for job in (scan, by[("Job", "steward-merge")]):
    for k in job["spec"]["template"]["spec"]["containers"]:
        sc = k["securityContext"]
        assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
merge = by[("Job", "steward-merge")]
mc = merge["spec"]["template"]["spec"]["containers"][0]
assert "steward merge" in " ".join(mc.get("command", []) + mc.get("args", []))
assert ("ConfigMap", "steward-fleet") in by and ("PersistentVolumeClaim", "steward-results") in by
gh = yaml.safe_load(open(src + "/contrib/ci/fleet-github-actions.yml"))
jobs = gh["jobs"]
shards = jobs["scan"]["strategy"]["matrix"]["shard"]
assert shards == list(range(1, len(shards) + 1)) and str(len(shards)) == gh["env"]["SHARDS"]
assert "scan" in jobs["merge"]["needs"]
gl = yaml.safe_load(open(src + "/contrib/ci/fleet-gitlab-ci.yml"))
assert gl["fleet-scan"]["parallel"] >= 2 and "CI_NODE_INDEX/$CI_NODE_TOTAL" in " ".join(gl["fleet-scan"]["script"])
assert "fleet-scan" in gl["fleet-merge"]["needs"]
# Every steward command line in the templates: its options exist.
text = "\n".join([cmd, " ".join(mc["args"])] +
    [str(st.get("run", "")) for j in jobs.values() for st in j["steps"]] +
    [" ".join(j.get("script", [])) for j in gl.values() if isinstance(j, dict)])
text = text.replace("\\\n", " ")
seen = 0
helps = {}
for m in re.finditer(r"\bsteward (scan|merge|export|report|check)\b([^;&|\n]*)", text):
    sub, rest = m.group(1), m.group(2)
    if sub not in helps:
        helps[sub] = subprocess.run([steward, sub, "--help"], capture_output=True, text=True).stdout
    for opt in re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b", rest):
        assert re.search(r"(^|[ ,])%s\b" % re.escape(opt), helps[sub], re.M), "steward %s has no %s" % (sub, opt)
        seen += 1
assert seen >= 10, seen
# The Dockerfile: a build stage and a runtime stage, the package installed,
# a numeric non-root user, exec-form entry point, no remote ADD.
df = open(src + "/contrib/docker/Dockerfile").read()
lines = [l for l in re.sub(r"\\\n", " ", df).splitlines() if l.strip() and not l.lstrip().startswith("#")]
froms = [l for l in lines if l.startswith("FROM ")]
assert len(froms) == 2 and " AS build" in froms[0], froms
assert any("--from=build" in l for l in lines)
users = [l.split()[1] for l in lines if l.startswith("USER ")]
assert users and users[-1].split(":")[0].isdigit() and users[-1].split(":")[0] != "0", users
assert not any(l.startswith("ADD ") for l in lines)
ep = [l for l in lines if l.startswith("ENTRYPOINT ")]
assert ep and ep[0].split(None, 1)[1].startswith("["), ep
assert "cpack -G DEB" in df and "rm -rf /var/lib/apt/lists" in df
PY
# The image itself, where a container builder runs (not on the machine the
# tests were written on: no daemon; docs/fleet.md).
if command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1; then
	tag=steward-test:$$
	expect_rc 0 docker build -q -f "$STEWARD_SRC/contrib/docker/Dockerfile" -t "$tag" "$STEWARD_SRC"
	expect_rc 0 docker run --rm --read-only --tmpfs /tmp --tmpfs /work:uid=10001 "$tag" demo -q -o /work/d
	docker rmi -f "$tag" >/dev/null 2>&1 || :
else
	echo "note: no container daemon here: the Dockerfile is checked as a file only" >&2
fi
finish
