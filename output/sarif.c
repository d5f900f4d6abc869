/*
 * steward check --format sarif: a SARIF 2.1.0 log (OASIS standard) for
 * code-scanning tools such as GitHub's.  One run, one rule per result kind,
 * and every result carries a physical location (migration file, steward.yaml,
 * baseline or inventory), the column (or table) as a logical location, and
 * a stable partialFingerprints entry so that alerts are tracked across runs.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "output/check.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* SARIF level: what fails the gate is an error; below it, a warning,
 * and informational results are notes. */
static const char *
sarif_level(enum stw_severity s, enum stw_severity fail_on)
{
	if (s >= fail_on)
		return "error";
	return s >= STW_SEV_LOW ? "warning" : "note";
}

/* A relative path as a URI reference: unreserved characters and '/' stay,
 * everything else is percent-encoded (spaces, '#', '?', non-ASCII). */
static char *
path_to_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct stw_buf b = STW_BUF_INIT;

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p) != NULL)
			stw_buf_addc(&b, (char)*p);
		else {
			stw_buf_addc(&b, '%');
			stw_buf_addc(&b, hex[*p >> 4]);
			stw_buf_addc(&b, hex[*p & 15]);
		}
	}
	return stw_buf_detach(&b);
}

static json_t *
text_obj(const char *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "text", json_string(s));
	return o;
}

static size_t
rule_index(const char *id)
{
	size_t i;
	for (i = 0; stw_check_rule_ids[i] != NULL; i++)
		if (strcmp(stw_check_rule_ids[i], id) == 0)
			return i;
	STW_BUG("rule '%s' is not in stw_check_rule_ids", id);
}

static const char *
rule_default_level(const char *id)
{
	if (strcmp(id, "steward/new-personal-data") == 0)
		return "error";
	if (strcmp(id, "steward/approval-unused") == 0)
		return "note";
	return "warning";
}

static json_t *
rules_array(void)
{
	json_t *rules = json_array();

	for (size_t i = 0; stw_check_rule_ids[i] != NULL; i++) {
		const char *id = stw_check_rule_ids[i];
		json_t *r = json_object(), *conf = json_object();
		json_object_set_new(r, "id", json_string(id));
		json_object_set_new(r, "name", json_string(id + strlen("steward/")));
		json_object_set_new(r, "shortDescription", text_obj(stw_check_rule_description(id)));
		json_object_set_new(conf, "level", json_string(rule_default_level(id)));
		json_object_set_new(r, "defaultConfiguration", conf);
		json_array_append_new(rules, r);
	}
	return rules;
}

static json_t *
result_obj(const struct stw_check_result *res, enum stw_severity fail_on)
{
	json_t *o = json_object(), *loc = json_object(), *phys = json_object(), *art = json_object();
	json_t *region = json_object(), *logical = json_array(), *ll = json_object();
	json_t *fp = json_object(), *props = json_object();
	char *uri, *msg, *rel;

	json_object_set_new(o, "ruleId", json_string(res->rule_id));
	json_object_set_new(o, "ruleIndex", json_integer((json_int_t)rule_index(res->rule_id)));
	json_object_set_new(o, "level", json_string(sarif_level(res->severity, fail_on)));
	msg = res->note ? stw_asprintf("%s (%s)", res->message, res->note) : stw_strdup(res->message);
	json_object_set_new(o, "message", text_obj(msg));
	free(msg);

	rel = stw_check_relpath(res->file);
	uri = path_to_uri(rel);
	free(rel);
	json_object_set_new(art, "uri", json_string(uri));
	free(uri);
	json_object_set_new(phys, "artifactLocation", art);
	json_object_set_new(region, "startLine", json_integer(res->line > 0 ? res->line : 1));
	json_object_set_new(phys, "region", region);
	json_object_set_new(loc, "physicalLocation", phys);

	json_object_set_new(ll, "fullyQualifiedName", json_string(res->subject ? res->subject : "?"));
	if (res->column != NULL)
		json_object_set_new(ll, "name", json_string(res->column));
	else if (res->table != NULL)
		json_object_set_new(ll, "name", json_string(res->table));
	json_object_set_new(ll, "kind", json_string(res->kind == STW_CHECK_SCAN_INCOMPLETE ? "database" :
	    res->table != NULL && res->column == NULL ? "table" : "column"));
	json_array_append_new(logical, ll);
	json_object_set_new(loc, "logicalLocations", logical);

	json_t *locs = json_array();
	json_array_append_new(locs, loc);
	json_object_set_new(o, "locations", locs);

	json_object_set_new(fp, "stewardFinding/v1", json_string(res->fingerprint));
	json_object_set_new(o, "partialFingerprints", fp);

	json_object_set_new(props, "severity", json_string(stw_severity_name(res->severity)));
	if (res->category != NULL)
		json_object_set_new(props, "category", json_string(res->category));
	if (res->data_subject != NULL)
		json_object_set_new(props, "dataSubject", json_string(res->data_subject));
	if (res->kind == STW_CHECK_NEW_FINDING) {
		json_object_set_new(props, "sensitivity", json_string(stw_sensitivity_name(res->sensitivity)));
		if (res->rule != NULL)
			json_object_set_new(props, "classifierRule", json_string(res->rule));
	}
	json_object_set_new(o, "properties", props);
	return o;
}

char *
stw_check_render_sarif(const struct stw_check_report *r)
{
	json_t *root = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *driver = json_object(), *results = json_array();
	json_t *inv = json_object(), *invs = json_array(), *props = json_object();
	char *text, *out;

	json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(root, "version", json_string("2.1.0"));

	json_object_set_new(driver, "name", json_string("steward"));
	json_object_set_new(driver, "version", json_string(STEWARD_VERSION));
	json_object_set_new(driver, "semanticVersion", json_string(STEWARD_VERSION));
	json_object_set_new(driver, "rules", rules_array());
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(run, "tool", tool);

	/* The gate ran to completion even when it found something. */
	json_object_set_new(inv, "executionSuccessful", json_true());
	json_array_append_new(invs, inv);
	json_object_set_new(run, "invocations", invs);

	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(results, result_obj(r->v[i], r->fail_on));
	json_object_set_new(run, "results", results);

	json_object_set_new(props, "failOn", json_string(stw_severity_name(r->fail_on)));
	json_object_set_new(props, "asOf", json_string(r->as_of));
	json_object_set_new(props, "failing", json_integer((json_int_t)r->nfailing));
	json_object_set_new(run, "properties", props);

	json_array_append_new(runs, run);
	json_object_set_new(root, "runs", runs);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	out = stw_asprintf("%s\n", text ? text : "{}");
	free(text);
	return out;
}
