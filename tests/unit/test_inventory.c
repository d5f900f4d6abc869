/*
 * Unit tests for the inventory model and its JSON form (scanner/inventory.c,
 * scanner/inventory_json.c): hostile strings survive a round trip, the
 * writer is a fixed point of write(read(text)), sorting is deterministic,
 * and the reader rejects bad documents with a JSON pointer or line:column.
 *
 * `test_inventory --emit FILE` writes the hostile sample inventory to FILE
 * instead of running the tests, and `--reformat IN OUT` reads IN and writes
 * it to OUT; tests/cli/inventory_schema.sh uses both (schema validation of
 * the sample, and write(read(text)) == text on a real scan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "scanner/inventory.h"

/* ---- the hostile sample ------------------------------------------------ */

static void
add_sample_finding(struct stw_column *c, const char *rule, const char *cat,
    enum stw_sensitivity s, enum stw_evidence ev, double conf)
{
	struct stw_finding *f = stw_column_add_finding(c, rule, cat, s);

	f->evidence = ev;
	f->confidence = conf;
	f->matched = ev == STW_EVID_NAME ? 0 : 87;
	f->sampled = ev == STW_EVID_NAME ? 0 : 100;
}

/* reversed != 0 adds everything in a different order (and sorting must
 * make the two equal). */
static struct stw_inventory *
sample(int reversed)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *srcs[2];
	struct stw_table *t;
	struct stw_column *c;
	struct stw_finding *f;
	struct stw_fkey *k;
	struct stw_trigger *tr;

	inv->generated_at = stw_strdup("2026-01-02T03:04:05Z");
	inv->as_of = stw_strdup("2026-01-01");
	inv->tool_name = stw_strdup("steward");
	inv->tool_version = stw_strdup("0.1.0-\"test\"");

	if (!reversed) {
		srcs[0] = stw_inventory_add_source(inv, "shop");
		srcs[1] = stw_inventory_add_source(inv, "analytics \"eu\"");
	} else {
		srcs[1] = stw_inventory_add_source(inv, "analytics \"eu\"");
		srcs[0] = stw_inventory_add_source(inv, "shop");
	}
	srcs[0]->engine = stw_strdup("postgres");
	srcs[0]->server_version = stw_strdup("16.4");
	srcs[0]->dsn = stw_strdup("postgres://scanner@db.internal/shop?password=REDACTED");
	stw_source_add_error(srcs[0], STW_SRC_PARTIAL, "cannot sample 'public.x': permission denied");
	stw_source_add_error(srcs[0], STW_SRC_OK, "second line with \"quotes\" and \\ backslash");
	srcs[1]->engine = stw_strdup("sqlite");
	srcs[1]->server_version = NULL;        /* never connected */
	srcs[1]->dsn = stw_strdup("sqlite:/tmp/a b/ä.db");

	/* shop: tables added out of order on purpose. */
	for (int pass = 0; pass < 2; pass++) {
		int which = reversed ? 1 - pass : pass;

		if (which == 0) {
			t = stw_source_add_table(srcs[0], "public", "Kundenstraße \"x\"\\y\nz", "table");
			t->comment = stw_strdup("line1\nline2\ttab \x01 ctl \"q\" \\ back / slash ✓ 😀");
			t->rows_estimate = 12345678901LL;
			t->rows_sampled = 1000;
			t->sample_method = stw_strdup("tablesample");
			stw_strv_push(&t->purposes, "order_fulfilment");
			stw_strv_push(&t->purposes, "");
			c = stw_table_add_column(t, "id", "bigint", 0);
			c->primary_key = 1;
			c = stw_table_add_column(t, "", "text", 1);     /* empty name */
			c->comment = stw_strdup("");
			c = stw_table_add_column(t, "e\"mail\\\n", "character varying(255)", 1);
			if (!reversed) {
				add_sample_finding(c, "email", "user.contact.email", STW_SENS_PERSONAL,
				    STW_EVID_BOTH, 0.9);
				add_sample_finding(c, "free_text", "user", STW_SENS_QUASI, STW_EVID_VALUE,
				    0.25);
				add_sample_finding(c, "credential", "user.authorization.credentials",
				    STW_SENS_HIGH, STW_EVID_NAME, 0.5);
				add_sample_finding(c, "alias", "user.contact.email", STW_SENS_PERSONAL,
				    STW_EVID_NAME, 0.6);
			} else {
				add_sample_finding(c, "alias", "user.contact.email", STW_SENS_PERSONAL,
				    STW_EVID_NAME, 0.6);
				add_sample_finding(c, "credential", "user.authorization.credentials",
				    STW_SENS_HIGH, STW_EVID_NAME, 0.5);
				add_sample_finding(c, "free_text", "user", STW_SENS_QUASI, STW_EVID_VALUE,
				    0.25);
				add_sample_finding(c, "email", "user.contact.email", STW_SENS_PERSONAL,
				    STW_EVID_BOTH, 0.9);
			}
			f = c->findings[reversed ? 3 : 0];
			f->example = stw_strdup("j***@e***.com");
			f->note = stw_note_take(stw_strdup("business contact data \"of\" an organisation"));
			stw_column_add_dismissed(c, "phone", "user.contact.phone_number",
			    "public.x is a table of organisations:\nits own data");
			c = stw_table_add_column(t, "tenant_id", "integer", 0);
			c->primary_key = 1;
			f = stw_column_add_finding(c, "subject.person_ref", "user.unique_id",
			    STW_SENS_PERSONAL);
			f->evidence = STW_EVID_FK;
			f->confidence = 0.7;
			f->inherited_from = stw_strdup("shop.public.tenants.id");
			f->note = stw_note_take(stw_strdup("references public.tenants.id"));
			c = stw_table_add_column(t, "paid_at", "timestamp", 1);
			f = stw_column_add_finding(c, "subject.linked", "user.financial", STW_SENS_LINKED);
			f->evidence = STW_EVID_SUBJECT;
			f->confidence = 0.82;
			f->note = stw_note_take(stw_strdup("an attribute of an event about a person"));
			c = stw_table_add_column(t, "tier", "text", 1);
			stw_column_decide(c);
			c->decision->reason = stw_strdup("council 2026-11: \"three values\"");
			c->decision->decided_by = stw_strdup("ethics-council");
			c->decision->at = stw_strdup("steward.yaml:12:5");
			stw_column_add_dismissed(c, "subject.linked", "user.account", "decided not personal");
			t->subject.kind = STW_SUBJ_PERSON_EVENT;
			t->subject.confidence = 0.8567;
			stw_strv_push(&t->subject.evidence, "foreign key tenant_id -> public.tenants");
			stw_strv_push(&t->subject.evidence, "its name says \"an event\"");
			k = stw_table_add_fkey(t);
			k->name = stw_strdup("fk \"tenant\"");
			stw_strv_push(&k->columns, "tenant_id");
			k->ref_schema = stw_strdup("public");
			k->ref_table = stw_strdup("tenants");
			stw_strv_push(&k->ref_columns, "id");
			k = stw_table_add_fkey(t);              /* unnamed (SQLite) */
			stw_strv_push(&k->columns, "id");
			stw_strv_push(&k->columns, "");
			k->ref_schema = stw_strdup("public");
			k->ref_table = stw_strdup("other");
			stw_strv_push(&k->ref_columns, "a");
			stw_strv_push(&k->ref_columns, "b");
			tr = stw_table_add_trigger(t, "copy_mail");
			tr->timing = stw_strdup("AFTER");
			tr->event = stw_strdup("INSERT OR UPDATE");
			tr->definition = stw_strdup("BEGIN\n  INSERT INTO h SELECT NEW.\"e\"\"mail\";\nEND");
			stw_table_add_trigger(t, "bare");
			stw_table_retain(t)->present = 1;
			stw_table_retain(t)->category = stw_strdup("user.contact");
			stw_table_retain(t)->anchor = NULL;
			stw_table_retain(t)->limit_days = 730;
			stw_table_retain(t)->rows_over_limit = -1;
			stw_table_retain(t)->oldest = NULL;
			stw_table_retain(t)->exact = 0;
			stw_table_retain(t)->note = stw_strdup("no anchor column");
		} else {
			t = stw_source_add_table(srcs[0], "audit", "v_mail", "view");
			t->subject.kind = STW_SUBJ_ORGANISATION;
			t->subject.confidence = 1.0;
			t->subject.configured = 1;
			stw_strv_push(&t->subject.evidence, "steward.yaml:3:3: subjects: 'shop.audit.*' says so");
			t->definition = stw_strdup("SELECT \"e\"\"mail\\\n\" AS mail FROM public.x");
			t->error = stw_strdup("lineage partial: cannot parse 'WITH RECURSIVE'");
			c = stw_table_add_column(t, "mail", NULL, 1);   /* unknown type */
			f = stw_column_add_finding(c, "email", "user.contact.email", STW_SENS_PERSONAL);
			f->evidence = STW_EVID_INHERITED;
			f->confidence = 0.8567;
			f->matched = 0;
			f->sampled = 0;
			f->inherited_from = stw_strdup("shop.public.Kundenstraße.e\"mail");
			f->path = stw_strdup("shop.public.x.mail -> shop.audit.v_mail.mail");
			stw_table_retain(t)->present = 1;
			stw_table_retain(t)->category = stw_strdup("user.contact.email");
			stw_table_retain(t)->anchor = stw_strdup("created_at");
			stw_table_retain(t)->limit_days = 0;
			stw_table_retain(t)->rows_over_limit = 42;
			stw_table_retain(t)->oldest = stw_strdup("2019-05-01T00:00:00Z");
			stw_table_retain(t)->exact = 1;
		}
	}
	t = stw_source_add_table(srcs[0], "public", "empty", "table");
	t->rows_estimate = 0;
	t = stw_source_add_table(srcs[1], "main", "", "virtual_table");

	if (!reversed) {
		stw_inventory_add_edge(inv, "view", "shop", "public", "x", "mail", "shop", "audit",
		    "v_mail", "mail", "view definition");
		stw_inventory_add_edge(inv, "fk", "shop", "public", "tenants", "id", "shop", "public",
		    "Kundenstraße", "tenant_id", "foreign key \"fk\"");
		stw_inventory_add_edge(inv, "declared", "shop", "public", "x", NULL,
		    "analytics \"eu\"", "main", "", NULL, "flow: nightly\nexport");
		stw_inventory_add_edge(inv, "fk", "shop", "public", "other", "a", "shop", "public",
		    "Kundenstraße", "id", NULL);
	} else {
		stw_inventory_add_edge(inv, "fk", "shop", "public", "other", "a", "shop", "public",
		    "Kundenstraße", "id", NULL);
		stw_inventory_add_edge(inv, "declared", "shop", "public", "x", NULL,
		    "analytics \"eu\"", "main", "", NULL, "flow: nightly\nexport");
		stw_inventory_add_edge(inv, "fk", "shop", "public", "tenants", "id", "shop", "public",
		    "Kundenstraße", "tenant_id", "foreign key \"fk\"");
		stw_inventory_add_edge(inv, "view", "shop", "public", "x", "mail", "shop", "audit",
		    "v_mail", "mail", "view definition");
	}
	return inv;
}

/* ---- structural equality, field by field ------------------------------- */

static void
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL) {
		if (a != b)
			fail_msg("'%s' vs '%s'", a ? a : "(null)", b ? b : "(null)");
		return;
	}
	assert_string_equal(a, b);
}

static void
strv_eq(const struct stw_strv *a, const struct stw_strv *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		str_eq(a->v[i], b->v[i]);
}

static void
finding_eq(const struct stw_finding *a, const struct stw_finding *b)
{
	str_eq(a->rule, b->rule);
	str_eq(a->category, b->category);
	assert_int_equal(a->sensitivity, b->sensitivity);
	assert_int_equal(a->evidence, b->evidence);
	/* the writer rounds to 3 decimals */
	assert_true(a->confidence - b->confidence < 0.0005 && b->confidence - a->confidence < 0.0005);
	assert_int_equal(a->matched, b->matched);
	assert_int_equal(a->sampled, b->sampled);
	str_eq(a->example, b->example);
	str_eq(a->inherited_from, b->inherited_from);
	str_eq(a->path, b->path);
	str_eq(a->note, b->note);
}

static void
endpoint_eq(const struct stw_endpoint *a, const struct stw_endpoint *b)
{
	str_eq(a->source, b->source);
	str_eq(a->schema, b->schema);
	str_eq(a->table, b->table);
	str_eq(a->column, b->column);
}

static void
inventory_eq(const struct stw_inventory *a, const struct stw_inventory *b)
{
	str_eq(a->generated_at, b->generated_at);
	str_eq(a->as_of, b->as_of);
	str_eq(a->tool_name, b->tool_name);
	str_eq(a->tool_version, b->tool_version);
	assert_int_equal(a->nsources, b->nsources);
	for (size_t i = 0; i < a->nsources; i++) {
		const struct stw_source *sa = a->sources[i], *sb = b->sources[i];

		str_eq(sa->name, sb->name);
		str_eq(sa->engine, sb->engine);
		str_eq(sa->server_version, sb->server_version);
		str_eq(sa->dsn, sb->dsn);
		assert_int_equal(sa->status, sb->status);
		strv_eq(&sa->errors, &sb->errors);
		assert_int_equal(sa->ntables, sb->ntables);
		for (size_t j = 0; j < sa->ntables; j++) {
			const struct stw_table *ta = sa->tables[j], *tb = sb->tables[j];

			str_eq(ta->schema, tb->schema);
			str_eq(ta->name, tb->name);
			str_eq(ta->kind, tb->kind);
			str_eq(ta->comment, tb->comment);
			assert_int_equal(ta->rows_estimate, tb->rows_estimate);
			assert_int_equal(ta->rows_sampled, tb->rows_sampled);
			str_eq(ta->sample_method, tb->sample_method);
			strv_eq(&ta->purposes, &tb->purposes);
			assert_int_equal(ta->ncolumns, tb->ncolumns);
			for (size_t k = 0; k < ta->ncolumns; k++) {
				const struct stw_column *ca = ta->columns[k], *cb = tb->columns[k];

				str_eq(ca->name, cb->name);
				str_eq(ca->type, cb->type);
				assert_int_equal(ca->nullable, cb->nullable);
				assert_int_equal(ca->primary_key, cb->primary_key);
				str_eq(ca->comment, cb->comment);
				assert_int_equal(ca->nfindings, cb->nfindings);
				for (size_t l = 0; l < ca->nfindings; l++)
					finding_eq(ca->findings[l], cb->findings[l]);
				assert_int_equal(ca->ndismissed, cb->ndismissed);
				for (size_t l = 0; l < ca->ndismissed; l++) {
					str_eq(ca->dismissed[l]->rule, cb->dismissed[l]->rule);
					str_eq(ca->dismissed[l]->category, cb->dismissed[l]->category);
					str_eq(ca->dismissed[l]->reason, cb->dismissed[l]->reason);
				}
				assert_int_equal(ca->decision != NULL, cb->decision != NULL);
				if (ca->decision != NULL && cb->decision != NULL) {
					str_eq(ca->decision->reason, cb->decision->reason);
					str_eq(ca->decision->decided_by, cb->decision->decided_by);
					str_eq(ca->decision->at, cb->decision->at);
				}
			}
			assert_int_equal(ta->nfkeys, tb->nfkeys);
			for (size_t k = 0; k < ta->nfkeys; k++) {
				str_eq(ta->fkeys[k]->name, tb->fkeys[k]->name);
				strv_eq(&ta->fkeys[k]->columns, &tb->fkeys[k]->columns);
				str_eq(ta->fkeys[k]->ref_schema, tb->fkeys[k]->ref_schema);
				str_eq(ta->fkeys[k]->ref_table, tb->fkeys[k]->ref_table);
				strv_eq(&ta->fkeys[k]->ref_columns, &tb->fkeys[k]->ref_columns);
			}
			assert_int_equal(ta->ntriggers, tb->ntriggers);
			for (size_t k = 0; k < ta->ntriggers; k++) {
				str_eq(ta->triggers[k]->name, tb->triggers[k]->name);
				str_eq(ta->triggers[k]->timing, tb->triggers[k]->timing);
				str_eq(ta->triggers[k]->event, tb->triggers[k]->event);
				str_eq(ta->triggers[k]->definition, tb->triggers[k]->definition);
			}
			str_eq(ta->definition, tb->definition);
			str_eq(ta->error, tb->error);
			assert_int_equal(stw_table_retention(ta)->present, stw_table_retention(tb)->present);
			if (stw_table_retention(ta)->present) {
				str_eq(stw_table_retention(ta)->category, stw_table_retention(tb)->category);
				str_eq(stw_table_retention(ta)->anchor, stw_table_retention(tb)->anchor);
				assert_int_equal(stw_table_retention(ta)->limit_days, stw_table_retention(tb)->limit_days);
				assert_int_equal(stw_table_retention(ta)->rows_over_limit, stw_table_retention(tb)->rows_over_limit);
				str_eq(stw_table_retention(ta)->oldest, stw_table_retention(tb)->oldest);
				assert_int_equal(stw_table_retention(ta)->exact, stw_table_retention(tb)->exact);
				str_eq(stw_table_retention(ta)->note, stw_table_retention(tb)->note);
			}
			assert_int_equal(ta->subject.kind, tb->subject.kind);
			assert_true(ta->subject.confidence - tb->subject.confidence < 0.0005 &&
			    tb->subject.confidence - ta->subject.confidence < 0.0005);
			assert_int_equal(ta->subject.configured, tb->subject.configured);
			strv_eq(&ta->subject.evidence, &tb->subject.evidence);
		}
	}
	assert_int_equal(a->nlineage, b->nlineage);
	for (size_t i = 0; i < a->nlineage; i++) {
		endpoint_eq(&a->lineage[i]->from, &b->lineage[i]->from);
		endpoint_eq(&a->lineage[i]->to, &b->lineage[i]->to);
		str_eq(a->lineage[i]->kind, b->lineage[i]->kind);
		str_eq(a->lineage[i]->evidence, b->lineage[i]->evidence);
	}
}

static struct stw_inventory *
parse_ok(const char *text)
{
	struct stw_inventory *inv = NULL;
	struct stw_err err = STW_ERR_INIT;
	int rc = stw_inventory_from_json(&inv, text, strlen(text), "t.json", &err);

	if (rc != STW_OK)
		fail_msg("read failed: %s", err.msg);
	assert_non_null(inv);
	return inv;
}

/* ---- tests -------------------------------------------------------------- */

static void
test_round_trip(void **state)
{
	struct stw_inventory *a = sample(0), *b;
	char *t1, *t2;

	t1 = stw_inventory_to_json(a);
	assert_non_null(t1);
	assert_true(strlen(t1) > 2 && t1[strlen(t1) - 1] == '\n' && t1[strlen(t1) - 2] == '}');
	b = parse_ok(t1);
	inventory_eq(a, b);
	/* the primary key went through the table-level list */
	assert_int_equal(b->sources[0]->tables[0]->columns[0]->primary_key, 1);
	assert_int_equal(b->sources[0]->tables[0]->columns[1]->primary_key, 0);
	assert_int_equal(b->sources[0]->tables[0]->columns[3]->primary_key, 1);
	/* and the writer is a fixed point */
	t2 = stw_inventory_to_json(b);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	stw_inventory_free(a);
	stw_inventory_free(b);
}

/* The text layout: key order, nulls for unknown counts, omitted NULLs,
 * 2-space indent. */
static void
test_layout(void **state)
{
	struct stw_inventory *a = sample(0);
	char *t = stw_inventory_to_json(a);
	json_error_t jerr;
	json_t *root = json_loads(t, 0, &jerr), *tab, *src1, *ret, *edge;
	const char *key;
	json_t *v;
	const char *want_top[] = { "format", "version", "generated_at", "as_of", "tool", "sources",
		"lineage" };
	size_t i = 0;

	assert_non_null(root);
	assert_memory_equal(t, "{\n  \"format\": \"steward.inventory\",\n  \"version\": 2,\n", 50);
	/* jansson keeps insertion order on load: the document's key order */
	json_object_foreach(root, key, v) {
		assert_true(i < 7);
		assert_string_equal(key, want_top[i]);
		i++;
	}
	assert_int_equal(i, 7);
	tab = json_array_get(json_object_get(json_array_get(json_object_get(root, "sources"), 0),
	    "tables"), 1);
	assert_string_equal(json_string_value(json_object_get(tab, "name")), "v_mail");
	assert_true(json_is_null(json_object_get(tab, "rows_estimate")));
	assert_true(json_is_null(json_object_get(tab, "rows_sampled")));
	assert_null(json_object_get(tab, "comment"));
	assert_null(json_object_get(tab, "sample_method"));
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(tab, "columns"), 0),
	    "type")));
	tab = json_array_get(json_object_get(json_array_get(json_object_get(root, "sources"), 0),
	    "tables"), 0);
	assert_int_equal(json_integer_value(json_object_get(tab, "rows_estimate")), 12345678901LL);
	assert_int_equal(json_array_size(json_object_get(tab, "primary_key")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(tab, "primary_key"), 1)),
	    "tenant_id");
	ret = json_object_get(tab, "retention");
	assert_true(json_is_null(json_object_get(ret, "anchor")));
	assert_true(json_is_null(json_object_get(ret, "rows_over_limit")));
	assert_true(json_is_null(json_object_get(ret, "oldest")));
	assert_true(json_is_false(json_object_get(ret, "exact")));
	/* no retention block when absent */
	tab = json_array_get(json_object_get(json_array_get(json_object_get(root, "sources"), 0),
	    "tables"), 2);
	assert_null(json_object_get(tab, "retention"));
	src1 = json_array_get(json_object_get(root, "sources"), 1);
	assert_true(json_is_null(json_object_get(src1, "server_version")));
	assert_string_equal(json_string_value(json_object_get(src1, "status")), "ok");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(root, "sources"), 0), "status")), "partial");
	/* table-level edge: no "column" key at all */
	edge = json_array_get(json_object_get(root, "lineage"), 2);
	assert_string_equal(json_string_value(json_object_get(edge, "kind")), "declared");
	assert_null(json_object_get(json_object_get(edge, "from"), "column"));
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(root, "lineage"), 3),
	    "evidence")));
	/* raw UTF-8, not \u escapes; control characters escaped */
	assert_non_null(strstr(t, "Kundenstraße"));
	assert_non_null(strstr(t, "\\u0001"));
	assert_non_null(strstr(t, "line1\\nline2\\ttab"));
	json_decref(root);
	free(t);
	stw_inventory_free(a);
}

static void
test_write_file(void **state)
{
	struct stw_inventory *a = sample(0), *b = NULL;
	struct stw_err err = STW_ERR_INIT;
	char dir[] = "/tmp/stw-inv-XXXXXX";
	char *path, *tmp, *text, *want;
	size_t len;

	assert_non_null(mkdtemp(dir));
	path = stw_asprintf("%s/inventory.json", dir);
	tmp = stw_asprintf("%s.tmp", path);
	assert_int_equal(stw_inventory_write(a, path, &err), STW_OK);
	assert_int_equal(access(tmp, F_OK), -1);        /* renamed away */
	assert_int_equal(stw_read_file(&text, &len, path, &err), STW_OK);
	want = stw_inventory_to_json(a);
	assert_string_equal(text, want);
	assert_int_equal(stw_inventory_load(&b, path, &err), STW_OK);
	inventory_eq(a, b);
	/* overwrite in place works */
	assert_int_equal(stw_inventory_write(b, path, &err), STW_OK);
	/* unwritable directory */
	free(tmp);
	tmp = stw_asprintf("%s/no/such/dir/inv.json", dir);
	assert_int_not_equal(stw_inventory_write(a, tmp, &err), STW_OK);
	assert_non_null(strstr(err.msg, "no/such/dir/inv.json.tmp"));
	/* missing file */
	stw_inventory_free(b);
	b = (struct stw_inventory *)1;
	assert_int_equal(stw_inventory_load(&b, tmp, &err), STW_ENOTFOUND);
	assert_null(b);
	unlink(path);
	rmdir(dir);
	free(text);
	free(want);
	free(tmp);
	free(path);
	stw_inventory_free(a);
}

static void
test_sort(void **state)
{
	struct stw_inventory *a = sample(0), *b = sample(1);
	char *ta, *tb, *t0;
	const struct stw_source *s;
	const struct stw_column *c;

	t0 = stw_inventory_to_json(a);
	tb = stw_inventory_to_json(b);
	assert_string_not_equal(t0, tb);      /* the orders really differ */
	stw_inventory_sort(a);
	stw_inventory_sort(b);
	ta = stw_inventory_to_json(a);
	free(tb);
	tb = stw_inventory_to_json(b);
	assert_string_equal(ta, tb);
	assert_string_not_equal(t0, ta);      /* and sorting changed something */

	/* sources by name */
	assert_string_equal(a->sources[0]->name, "analytics \"eu\"");
	assert_string_equal(a->sources[1]->name, "shop");
	/* tables by schema, then name */
	s = a->sources[1];
	assert_int_equal(s->ntables, 3);
	assert_string_equal(s->tables[0]->schema, "audit");
	assert_string_equal(s->tables[1]->name, "Kundenstraße \"x\"\\y\nz");
	assert_string_equal(s->tables[2]->name, "empty");
	/* columns keep catalog order */
	assert_string_equal(s->tables[1]->columns[0]->name, "id");
	assert_string_equal(s->tables[1]->columns[1]->name, "");
	assert_string_equal(s->tables[1]->columns[3]->name, "tenant_id");
	/* findings: sensitivity descending, then rule id */
	c = s->tables[1]->columns[2];
	assert_int_equal(c->nfindings, 4);
	assert_string_equal(c->findings[0]->rule, "credential");
	assert_string_equal(c->findings[1]->rule, "alias");
	assert_string_equal(c->findings[2]->rule, "email");
	assert_string_equal(c->findings[3]->rule, "free_text");
	for (size_t i = 1; i < c->nfindings; i++)
		assert_true(c->findings[i - 1]->sensitivity >= c->findings[i]->sensitivity);
	/* edges by kind, from, to */
	assert_int_equal(a->nlineage, 4);
	assert_string_equal(a->lineage[0]->kind, "declared");
	assert_string_equal(a->lineage[1]->kind, "fk");
	assert_string_equal(a->lineage[1]->from.table, "other");
	assert_string_equal(a->lineage[2]->from.table, "tenants");
	assert_string_equal(a->lineage[3]->kind, "view");
	/* sorting is idempotent */
	stw_inventory_sort(a);
	free(tb);
	tb = stw_inventory_to_json(a);
	assert_string_equal(ta, tb);
	free(t0);
	free(ta);
	free(tb);
	stw_inventory_free(a);
	stw_inventory_free(b);
}

/* Edges equal but for the column: NULL (table-level) sorts first, and the
 * order holds whichever way round they were added. */
static void
test_sort_ties(void **state)
{
	for (int order = 0; order < 2; order++) {
		struct stw_inventory *inv = stw_inventory_new();
		const char *cols[2] = { "c", NULL };

		for (int i = 0; i < 2; i++)
			stw_inventory_add_edge(inv, "fk", "s", "p", "t", cols[order ? 1 - i : i],
			    "s", "p", "u", NULL, "e");
		stw_inventory_add_source(inv, "b");
		stw_inventory_add_source(inv, "a");
		stw_inventory_add_source(inv, "a");
		inv->sources[2]->engine = stw_strdup(order ? "sqlite" : "mysql");
		inv->sources[1]->engine = stw_strdup(order ? "mysql" : "sqlite");
		stw_inventory_sort(inv);
		assert_null(inv->lineage[0]->from.column);
		assert_string_equal(inv->lineage[1]->from.column, "c");
		assert_string_equal(inv->sources[0]->engine, "mysql");
		assert_string_equal(inv->sources[1]->engine, "sqlite");
		assert_string_equal(inv->sources[2]->name, "b");
		stw_inventory_free(inv);
	}
}

/* Many elements (several merge passes, odd sizes): ordered, nothing lost,
 * and the same result from two different insertion orders. */
static void
test_sort_many(void **state)
{
	for (size_t n = 1; n <= 301; n += 37) {
		struct stw_inventory *inv[2];
		char *text[2];

		for (int round = 0; round < 2; round++) {
			struct stw_source *s;

			inv[round] = stw_inventory_new();
			s = stw_inventory_add_source(inv[round], "s");
			/* the same n names in two orders: reversed, and strided by
			 * the prime 7919 (a permutation for any n < 7919) */
			for (size_t i = 0; i < n; i++) {
				size_t idx = round ? n - 1 - i : (i * 7919) % n;
				char schema[32], name[32];

				snprintf(schema, sizeof(schema), "s%zu", idx % 5);
				snprintf(name, sizeof(name), "t%zu", idx);
				stw_source_add_table(s, schema, name, "table");
				stw_inventory_add_edge(inv[round], (idx % 3) ? "fk" : "view", "s",
				    schema, name, (idx % 2) ? "c" : NULL, "s", "x", "y", NULL, NULL);
			}
			stw_inventory_sort(inv[round]);
			assert_int_equal(s->ntables, n);
			for (size_t i = 1; i < n; i++) {
				int c = strcmp(s->tables[i - 1]->schema, s->tables[i]->schema);

				assert_true(c < 0 || (c == 0 && strcmp(s->tables[i - 1]->name,
				    s->tables[i]->name) < 0));
				assert_true(strcmp(inv[round]->lineage[i - 1]->kind,
				    inv[round]->lineage[i]->kind) <= 0);
			}
			text[round] = stw_inventory_to_json(inv[round]);
		}
		assert_string_equal(text[0], text[1]);
		for (int round = 0; round < 2; round++) {
			free(text[round]);
			stw_inventory_free(inv[round]);
		}
	}
}

/* Reads text (expected to fail) and checks the message. */
static void
expect_read_error(const char *text, const char *want_substr)
{
	struct stw_inventory *inv = (struct stw_inventory *)1;
	struct stw_err err = STW_ERR_INIT;
	int rc = stw_inventory_from_json(&inv, text, strlen(text), "inventory.json", &err);

	assert_int_equal(rc, STW_EUSAGE);
	assert_null(inv);
	if (strstr(err.msg, want_substr) == NULL)
		fail_msg("message '%s' lacks '%s'", err.msg, want_substr);
}

/* The sample's JSON with one change applied by a JSON pointer. */
static char *
mutate(const char *pointer, json_t *value)
{
	struct stw_inventory *a = sample(0);
	char *t = stw_inventory_to_json(a), *out, *p, *parts;
	json_error_t jerr;
	json_t *root = json_loads(t, 0, &jerr), *cur = root;
	char *last = NULL, *save = NULL;

	assert_non_null(root);
	parts = stw_strdup(pointer + 1);
	/* walk all but the last segment */
	for (p = parts; p != NULL; p = save) {
		save = strchr(p, '/');
		if (save != NULL)
			*save++ = '\0';
		if (save == NULL) {
			last = p;
			break;
		}
		cur = json_is_array(cur) ? json_array_get(cur, strtoul(p, NULL, 10))
		    : json_object_get(cur, p);
		assert_non_null(cur);
	}
	if (value == NULL)
		assert_int_equal(json_object_del(cur, last), 0);
	else if (json_is_array(cur))
		assert_int_equal(json_array_set_new(cur, strtoul(last, NULL, 10), value), 0);
	else
		assert_int_equal(json_object_set_new(cur, last, value), 0);
	out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	free(parts);
	free(t);
	stw_inventory_free(a);
	return out;
}

static void
expect_mutation_error(const char *pointer, json_t *value, const char *want)
{
	char *text = mutate(pointer, value);

	expect_read_error(text, want);
	free(text);
}

static void
test_reader_errors(void **state)
{
	struct stw_inventory *inv = NULL;
	struct stw_err err = STW_ERR_INIT;
	const char *bad = "{\n  \"format\": \"steward.inventory\",\n  \"version\": 1,,\n}\n";
	char *t;

	/* invalid JSON: FILE:LINE:COL */
	assert_int_equal(stw_inventory_from_json(&inv, bad, strlen(bad), "bad.json", &err),
	    STW_EUSAGE);
	assert_null(inv);
	assert_memory_equal(err.msg, "bad.json:3:", 11);
	assert_true(err.msg[11] >= '1' && err.msg[11] <= '9');
	assert_non_null(strstr(err.msg + 11, ": "));
	expect_read_error("", "inventory.json:");
	expect_read_error("[1, 2]", "inventory.json: not a steward inventory (expected an object");
	expect_read_error("{\"format\":\"steward.inventory\",\"format\":\"x\",\"version\":1}",
	    "duplicate");

	/* wrong type: the JSON pointer names the place */
	expect_mutation_error("/sources/0/tables/0/columns/1/name", json_integer(5),
	    "inventory.json: /sources/0/tables/0/columns/1/name: expected a string, not an integer");
	expect_mutation_error("/sources/1/tables/0/rows_estimate", json_string("many"),
	    "inventory.json: /sources/1/tables/0/rows_estimate: expected a non-negative integer or null");
	expect_mutation_error("/sources/0/tables/0/rows_sampled", json_integer(-3),
	    "/sources/0/tables/0/rows_sampled: expected a non-negative integer or null, not a negative one");
	expect_mutation_error("/sources/0/tables/0/columns/2/nullable", json_integer(1),
	    "/sources/0/tables/0/columns/2/nullable: expected true or false");
	expect_mutation_error("/sources/0/tables/0/columns/2/findings/1/confidence", json_real(1.5),
	    "/sources/0/tables/0/columns/2/findings/1/confidence: expected a number from 0 to 1");
	expect_mutation_error("/sources/0/tables/0/columns/2/findings/0/sensitivity",
	    json_string("secret"), "/findings/0/sensitivity: unknown sensitivity 'secret'");
	expect_mutation_error("/sources/0/tables/0/columns/2/findings/3/evidence",
	    json_string("guess"), "/findings/3/evidence: unknown evidence 'guess'");
	expect_mutation_error("/sources/0/status", json_string("fine"),
	    "inventory.json: /sources/0/status: unknown status 'fine'");
	expect_mutation_error("/sources/0/errors/1", json_true(),
	    "/sources/0/errors/1: expected a string, not a boolean");
	expect_mutation_error("/sources/0/tables/0/foreign_keys/1/columns", json_string("id"),
	    "/sources/0/tables/0/foreign_keys/1/columns: expected an array, not a string");
	expect_mutation_error("/sources/0/tables/2", json_string("t"),
	    "inventory.json: /sources/0/tables/2: expected an object, not a string");
	expect_mutation_error("/lineage/2/from/table", json_null(),
	    "inventory.json: /lineage/2/from/table: expected a string, not null");
	expect_mutation_error("/sources/0/tables/0/retention/exact", json_string("yes"),
	    "/sources/0/tables/0/retention/exact: expected true or false, not a string");
	expect_mutation_error("/tool/name", json_integer(1), "inventory.json: /tool/name:");
	expect_mutation_error("/as_of", json_integer(20260101),
	    "inventory.json: /as_of: expected a string or null, not an integer");

	/* missing required fields */
	expect_mutation_error("/sources/0/tables/1/kind", NULL,
	    "inventory.json: /sources/0/tables/1: missing required field 'kind'");
	expect_mutation_error("/lineage/0/to", NULL,
	    "inventory.json: /lineage/0: missing required field 'to'");
	expect_mutation_error("/sources", NULL,
	    "inventory.json: missing required field 'sources'");
	expect_mutation_error("/sources/0/tables/0/columns/2/findings/0/matched", NULL,
	    "/sources/0/tables/0/columns/2/findings/0: missing required field 'matched'");

	/* unknown fields and bad references */
	expect_mutation_error("/sources/0/tables/0/columns/2/findings/0/value", json_string("x@y"),
	    "/sources/0/tables/0/columns/2/findings/0/value: unknown field");
	expect_mutation_error("/sources/0/tables/0/primary_key/1", json_string("nope"),
	    "/sources/0/tables/0/primary_key/1: no column named 'nope'");

	/* format and version */
	expect_mutation_error("/format", json_string("steward.diff"),
	    "inventory.json: not a steward inventory (format is 'steward.diff'");
	expect_mutation_error("/format", NULL, "inventory.json: not a steward inventory (no \"format\"");
	expect_mutation_error("/version", json_integer(3),
	    "inventory.json: unsupported inventory version 3 (this steward reads versions 1 to 2)");
	expect_mutation_error("/version", json_integer(0),
	    "inventory.json: unsupported inventory version 0");
	/* version 2 fields */
	expect_mutation_error("/sources/0/tables/0/subject", NULL,
	    "/sources/0/tables/0: missing required field 'subject'");
	expect_mutation_error("/sources/0/tables/0/subject/kind", json_string("people"),
	    "/sources/0/tables/0/subject/kind: unknown subject 'people'");
	expect_mutation_error("/sources/0/tables/0/subject/source", json_string("guess"),
	    "/sources/0/tables/0/subject/source: unknown subject source 'guess'");
	expect_mutation_error("/sources/0/tables/0/columns/5/decision/personal", json_true(),
	    "/sources/0/tables/0/columns/5/decision/personal: only decisions");
	expect_mutation_error("/sources/0/tables/0/columns/2/dismissed/0/reason", NULL,
	    "/sources/0/tables/0/columns/2/dismissed/0: missing required field 'reason'");
	expect_mutation_error("/version", json_string("1"), "/version: expected an integer");
	/* a newer version fails on the version, not on a changed field */
	t = mutate("/sources/0/name", json_integer(1));
	{
		json_error_t jerr;
		json_t *root = json_loads(t, 0, &jerr);
		char *t2;

		json_object_set_new(root, "version", json_integer(7));
		t2 = json_dumps(root, 0);
		expect_read_error(t2, "unsupported inventory version 7");
		free(t2);
		json_decref(root);
	}
	free(t);
}

/* An inventory written by a version-1 steward (no subjects, no
 * dismissed findings, no decisions) still reads, so that diff and check
 * compare against old baselines; written again it is version 2, with
 * every table's subject unknown. */
static void
test_read_version_1(void **state)
{
	static const char v1[] =
	    "{ \"format\": \"steward.inventory\", \"version\": 1, \"generated_at\": null,\n"
	    "  \"tool\": { \"name\": \"steward\", \"version\": \"0.1.0\" },\n"
	    "  \"sources\": [ { \"name\": \"shop\", \"engine\": \"sqlite\", \"server_version\": null,\n"
	    "    \"dsn\": null, \"status\": \"ok\", \"errors\": [],\n"
	    "    \"tables\": [ { \"schema\": \"main\", \"name\": \"customers\", \"kind\": \"table\",\n"
	    "      \"rows_estimate\": 2, \"rows_sampled\": 2, \"purposes\": [], \"primary_key\": [\"id\"],\n"
	    "      \"columns\": [ { \"name\": \"id\", \"type\": \"INTEGER\", \"nullable\": false,\n"
	    "        \"findings\": [] },\n"
	    "        { \"name\": \"email\", \"type\": \"TEXT\", \"nullable\": true, \"findings\": [\n"
	    "          { \"rule\": \"email\", \"category\": \"user.contact.email\", \"sensitivity\": \"personal\",\n"
	    "            \"evidence\": \"name+value\", \"confidence\": 0.97, \"matched\": 2, \"sampled\": 2 } ] } ],\n"
	    "      \"foreign_keys\": [], \"triggers\": [] } ] } ],\n"
	    "  \"lineage\": [] }\n";
	struct stw_inventory *inv = parse_ok(v1);
	const struct stw_table *t = inv->sources[0]->tables[0];
	char *text;

	assert_int_equal(t->subject.kind, STW_SUBJ_UNKNOWN);
	assert_int_equal(t->subject.evidence.n, 0);
	assert_int_equal(t->columns[1]->nfindings, 1);
	assert_int_equal(t->columns[1]->findings[0]->evidence, STW_EVID_BOTH);
	text = stw_inventory_to_json(inv);
	assert_non_null(strstr(text, "\"version\": 2,"));
	assert_non_null(strstr(text, "\"kind\": \"unknown\""));
	/* what that steward did: rows read means names and values */
	assert_int_equal(t->classified_by, t->rows_sampled > 0 ? STW_BY_SAMPLED : STW_BY_NAMES);
	assert_non_null(strstr(text, "\"classified_by\": \""));
	assert_non_null(strstr(text, "\"column_level\": 0"));
	free(text);
	stw_inventory_free(inv);
	/* version 2 requires what version 1 never had (classified_by, subject,
	 * the source's lineage summary) */
	{
		char *v2 = stw_strdup(v1);
		char *p = strstr(v2, "\"version\": 1");
		struct stw_inventory *bad = NULL;
		struct stw_err err = STW_ERR_INIT;

		p[11] = '2';
		assert_int_equal(stw_inventory_from_json(&bad, v2, strlen(v2), "v2.json", &err),
		    STW_EUSAGE);
		assert_non_null(strstr(err.msg, "missing required field 'classified_by'"));
		free(v2);
	}
}

/* Every finding field survives the trip; confidence is rounded to 3 places. */
static void
test_finding_round_trip(void **state)
{
	struct stw_inventory *a = stw_inventory_new(), *b;
	struct stw_source *s = stw_inventory_add_source(a, "s");
	struct stw_table *t = stw_source_add_table(s, "main", "t", "table");
	struct stw_column *c = stw_table_add_column(t, "c", "TEXT", 1);
	struct stw_finding *f = stw_column_add_finding(c, "iban", "user.financial.bank_account",
	    STW_SENS_HIGH), *g;
	char *text, *text2;

	f->evidence = STW_EVID_INHERITED;
	f->confidence = 0.85671;
	f->matched = 9000000000LL;
	f->sampled = 9000000001LL;
	f->example = stw_strdup("DE** **** 3000");
	f->inherited_from = stw_strdup("a.b.c.d");
	f->path = stw_strdup("a.b.c.d -> s.main.t.c");
	text = stw_inventory_to_json(a);
	assert_non_null(strstr(text, "\"confidence\": 0.857,"));
	assert_null(strstr(text, "\"as_of\""));          /* optional, omitted when NULL */
	b = parse_ok(text);
	g = b->sources[0]->tables[0]->columns[0]->findings[0];
	assert_string_equal(g->rule, "iban");
	assert_string_equal(g->category, "user.financial.bank_account");
	assert_int_equal(g->sensitivity, STW_SENS_HIGH);
	assert_int_equal(g->evidence, STW_EVID_INHERITED);
	assert_true(g->confidence == 0.857);
	assert_int_equal(g->matched, 9000000000LL);
	assert_int_equal(g->sampled, 9000000001LL);
	assert_string_equal(g->example, "DE** **** 3000");
	assert_string_equal(g->inherited_from, "a.b.c.d");
	assert_string_equal(g->path, "a.b.c.d -> s.main.t.c");
	text2 = stw_inventory_to_json(b);
	assert_string_equal(text, text2);
	free(text2);
	stw_inventory_free(b);
	free(text);

	/* extremes of confidence print plainly and read back */
	f->confidence = 1.0;
	text = stw_inventory_to_json(a);
	assert_non_null(strstr(text, "\"confidence\": 1.0,"));
	b = parse_ok(text);
	assert_true(b->sources[0]->tables[0]->columns[0]->findings[0]->confidence == 1.0);
	stw_inventory_free(b);
	free(text);
	f->confidence = 0.0004;
	text = stw_inventory_to_json(a);
	assert_non_null(strstr(text, "\"confidence\": 0.0,"));
	free(text);
	stw_inventory_free(a);
}

/* Bytes that are not UTF-8 (a latin1 comment) become U+FFFD, and the
 * document stays valid. */
static void
test_invalid_utf8(void **state)
{
	struct stw_inventory *a = stw_inventory_new(), *b;
	struct stw_source *s = stw_inventory_add_source(a, "s");
	struct stw_table *t = stw_source_add_table(s, "main", "Stra\xdf" "e", "table");
	char *text;

	t->comment = stw_strdup("caf\xe9 \xed\xa0\x80 ok \xc3\xa9");
	text = stw_inventory_to_json(a);
	b = parse_ok(text);
	assert_string_equal(b->sources[0]->tables[0]->name, "Stra\xef\xbf\xbd" "e");
	assert_string_equal(b->sources[0]->tables[0]->comment,
	    "caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd ok \xc3\xa9");
	free(text);
	stw_inventory_free(a);
	stw_inventory_free(b);
}

/* The writer prints each piece itself (not with json_dumps): its text
 * must be what jansson prints for the same tree, for every byte a string
 * can hold and every confidence the inventory can carry. */
static void
test_writer_prints_as_jansson(void **state)
{
	struct stw_inventory *a = sample(0);
	struct stw_source *s = stw_inventory_add_source(a, "bytes");
	struct stw_table *t = stw_source_add_table(s, "main", "every \"byte\"", "table");
	struct stw_column *c = stw_table_add_column(t, "c\\d", "text", 1);
	char all[128], *text, *ref;
	json_error_t jerr;
	json_t *doc;

	(void)state;
	for (int i = 1; i < 128; i++)
		all[i - 1] = (char)i;
	all[127] = '\0';
	t->comment = stw_strdup(all);
	c->comment = stw_strdup("caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80 \x7f / </script>");
	for (int i = 0; i <= 1000; i++) {
		struct stw_finding *f = stw_column_add_finding(c, "r", "user.contact",
		    STW_SENS_PERSONAL);

		f->confidence = i / 1000.0;
		f->matched = i;
		f->sampled = 1000LL * 1000 * 1000 * 1000 + i;
	}
	t->subject.kind = STW_SUBJ_PERSON;
	t->subject.confidence = 0.1 + 0.2;       /* not exactly 0.3 */
	text = stw_inventory_to_json(a);
	assert_non_null(text);
	doc = json_loads(text, 0, &jerr);
	assert_non_null(doc);
	ref = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	assert_non_null(ref);
	assert_int_equal(strlen(text), strlen(ref) + 1);
	assert_memory_equal(text, ref, strlen(ref));
	assert_string_equal(text + strlen(ref), "\n");
	json_decref(doc);
	free(ref);
	free(text);
	stw_inventory_free(a);
}

static int
keep_not_schema(const struct stw_table *t, void *payload)
{
	return strcmp(t->schema, payload) != 0;
}

static void
test_model(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "shop");
	struct stw_table *t = stw_source_add_table(s, "public", "users", "table"), *t2, *t3;
	struct stw_column *c = stw_table_add_column(t, "email", "text", 0), *c2;
	struct stw_endpoint e = { "shop", "public", "users", NULL };
	enum stw_sensitivity sens;
	enum stw_evidence ev;
	char *str;

	stw_inventory_free(NULL);
	/* defaults */
	assert_int_equal(t->rows_estimate, -1);
	assert_int_equal(t->rows_sampled, -1);
	assert_int_equal(stw_table_retention(t)->rows_over_limit, -1);
	assert_int_equal(stw_table_retention(t)->present, 0);
	assert_int_equal(t->ncolumns, 1);
	assert_int_equal(c->nullable, 0);
	assert_int_equal(c->primary_key, 0);
	assert_null(c->comment);
	assert_int_equal(s->status, STW_SRC_OK);
	c2 = stw_table_add_column(t, "note", "text", 1);
	assert_int_equal(c2->nullable, 1);
	/* pointers stay valid while the lists grow */
	for (int i = 0; i < 100; i++) {
		char name[16];

		snprintf(name, sizeof(name), "c%d", i);
		stw_table_add_column(t, name, "int", 1);
	}
	assert_ptr_equal(t->columns[0], c);
	assert_ptr_equal(stw_table_find_column(t, "c99"), t->columns[101]);
	assert_null(stw_table_find_column(t, "missing"));
	assert_ptr_equal(stw_table_find_column(t, "email"), c);

	/* errors raise the status, never lower it */
	stw_source_add_error(s, STW_SRC_PARTIAL, "one");
	assert_int_equal(s->status, STW_SRC_PARTIAL);
	stw_source_add_error(s, STW_SRC_OK, "two");
	assert_int_equal(s->status, STW_SRC_PARTIAL);
	stw_source_add_error(s, STW_SRC_ERROR, "three");
	assert_int_equal(s->status, STW_SRC_ERROR);
	assert_int_equal(s->errors.n, 3);
	assert_string_equal(s->errors.v[1], "two");

	/* lookups */
	t2 = stw_source_add_table(s, "other", "users", "view");
	assert_ptr_equal(stw_inventory_find_source(inv, "shop"), s);
	assert_null(stw_inventory_find_source(inv, "Shop"));
	assert_ptr_equal(stw_source_find_table(s, "public", "users"), t);
	assert_ptr_equal(stw_source_find_table(s, "other", "users"), t2);
	assert_null(stw_source_find_table(s, "public", "other"));

	/* max sensitivity */
	assert_int_equal(stw_table_max_sensitivity(t), STW_SENS_NONE);
	stw_column_add_finding(c, "a", "user", STW_SENS_QUASI);
	stw_column_add_finding(c2, "b", "user", STW_SENS_SPECIAL);
	stw_column_add_finding(c2, "c", "user", STW_SENS_PERSONAL);
	assert_int_equal(stw_column_max_sensitivity(c), STW_SENS_QUASI);
	assert_int_equal(stw_column_max_sensitivity(c2), STW_SENS_SPECIAL);
	assert_int_equal(stw_table_max_sensitivity(t), STW_SENS_SPECIAL);

	/* names both ways */
	for (int i = STW_SENS_NONE; i <= STW_SENS_SPECIAL; i++) {
		assert_int_equal(stw_sensitivity_parse(&sens, stw_sensitivity_name(i)), STW_OK);
		assert_int_equal(sens, i);
	}
	assert_string_equal(stw_sensitivity_name(STW_SENS_PERSONAL), "personal");
	assert_int_equal(stw_sensitivity_parse(&sens, "Personal"), STW_EUSAGE);
	assert_int_equal(stw_sensitivity_parse(&sens, NULL), STW_EUSAGE);
	for (int i = STW_EVID_NAME; i <= STW_EVID_INHERITED; i++) {
		assert_int_equal(stw_evidence_parse(&ev, stw_evidence_name(i)), STW_OK);
		assert_int_equal(ev, i);
	}
	assert_string_equal(stw_evidence_name(STW_EVID_BOTH), "name+value");
	assert_int_equal(stw_evidence_parse(&ev, "both"), STW_EUSAGE);
	assert_string_equal(stw_source_status_name(STW_SRC_PARTIAL), "partial");
	assert_string_equal(stw_source_status_name(STW_SRC_ERROR), "error");
	assert_string_equal(stw_source_status_name(STW_SRC_OK), "ok");

	/* endpoints */
	str = stw_endpoint_str(&e);
	assert_string_equal(str, "shop.public.users");
	free(str);
	e.column = "email";
	str = stw_endpoint_str(&e);
	assert_string_equal(str, "shop.public.users.email");
	free(str);

	/* dropping tables frees them and keeps the order of the rest */
	t3 = stw_source_add_table(s, "public", "z", NULL);
	assert_string_equal(t3->kind, "table");
	stw_table_add_column(t2, "x", "int", 1);
	stw_source_drop_tables(s, keep_not_schema, "other");
	assert_int_equal(s->ntables, 2);
	assert_ptr_equal(s->tables[0], t);
	assert_ptr_equal(s->tables[1], t3);
	stw_source_drop_tables(s, keep_not_schema, "public");
	assert_int_equal(s->ntables, 0);
	stw_inventory_free(inv);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_write_file),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_sort_ties),
		cmocka_unit_test(test_sort_many),
		cmocka_unit_test(test_reader_errors),
		cmocka_unit_test(test_finding_round_trip),
		cmocka_unit_test(test_read_version_1),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_writer_prints_as_jansson),
	};

	if (argc == 3 && strcmp(argv[1], "--emit") == 0) {
		struct stw_inventory *inv = sample(0);
		struct stw_err err = STW_ERR_INIT;
		int rc = stw_inventory_write(inv, argv[2], &err);

		stw_inventory_free(inv);
		if (rc != STW_OK) {
			fprintf(stderr, "test_inventory: %s\n", err.msg);
			return 1;
		}
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "--reformat") == 0) {
		struct stw_inventory *inv = NULL;
		struct stw_err err = STW_ERR_INIT;
		int rc = stw_inventory_load(&inv, argv[2], &err);

		if (rc == STW_OK)
			rc = stw_inventory_write(inv, argv[3], &err);
		stw_inventory_free(inv);
		if (rc != STW_OK) {
			fprintf(stderr, "test_inventory: %s\n", err.msg);
			return 1;
		}
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
