/*
 * steward export (export.h, docs/export.md): OpenLineage events, fideslang
 * datasets and a record of processing, from an inventory.  Nothing here
 * reads a database; names and categories only, never a value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export.h"
#include "markup.h"
#include "output/report.h"
#include "rules/datause.h"
#include "scanner/connector.h"

#define OL_SPEC "https://openlineage.io/spec/"
#define OL_EVENT OL_SPEC "2-0-2/OpenLineage.json#/$defs/"
#define OL_SCHEMA_FACET OL_SPEC "facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"
#define OL_LINEAGE_FACET OL_SPEC \
	"facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet"
#define OL_JOBTYPE_FACET OL_SPEC "facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet"
#define STEWARD_FACET_FILE "StewardPrivacyDatasetFacet.json"
#define STEWARD_FACET_DEF "#/$defs/StewardPrivacyDatasetFacet"
#define DEFAULT_SCHEMA_BASE "file:///usr/share/doc/steward/openlineage/"

void
stw_export_opts_init(struct stw_export_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = STW_EXPORT_OPENLINEAGE;
}

int
stw_export_format_parse(enum stw_export_format *out, const char *s)
{
	if (strcmp(s, "openlineage") == 0)
		*out = STW_EXPORT_OPENLINEAGE;
	else if (strcmp(s, "fides") == 0)
		*out = STW_EXPORT_FIDES;
	else if (strcmp(s, "ropa-csv") == 0 || strcmp(s, "ropa") == 0)
		*out = STW_EXPORT_ROPA_CSV;
	else
		return STW_EUSAGE;
	return STW_OK;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int
stw_export_format_from_path(enum stw_export_format *out, const char *path)
{
	if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson"))
		*out = STW_EXPORT_OPENLINEAGE;
	else if (ends_with(path, ".yml") || ends_with(path, ".yaml"))
		*out = STW_EXPORT_FIDES;
	else if (ends_with(path, ".csv"))
		*out = STW_EXPORT_ROPA_CSV;
	else
		return STW_EUSAGE;
	return STW_OK;
}

/* ---- edges by table ------------------------------------------------------------ */

static int
cmp_str0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Is e the table (source, t)?  stw_inventory_edges_at hands out the edges
 * at a table by hash, in lineage order; this confirms them. */
static int
at_table(const struct stw_endpoint *e, const char *source, const struct stw_table *t)
{
	return cmp_str0(e->source, source) == 0 && cmp_str0(e->schema, t->schema) == 0 &&
	    cmp_str0(e->table, t->name) == 0;
}

/* ---- OpenLineage --------------------------------------------------------------- */

/* How OpenLineage names one source's datasets, from its DSN parsed once:
 * postgres://host:port and database.schema.table; mysql://host:port and
 * database.table; SQLite, which the naming spec leaves open, sqlite://PATH
 * and the table; a source the inventory does not hold, steward://NAME and
 * schema.table. */
struct ol_naming {
	char *ns;
	char *db;                      /* PostgreSQL: the database names start with */
	const char *engine;
};

static void
ol_naming_init(struct ol_naming *n, const struct stw_source *s, const char *name)
{
	struct stw_dsn d;
	struct stw_err err = STW_ERR_INIT;

	memset(n, 0, sizeof(*n));
	memset(&d, 0, sizeof(d));
	n->engine = s && s->engine ? s->engine : "";
	if (s != NULL && s->dsn != NULL && stw_dsn_parse(&d, s->dsn, &err) == STW_OK) {
		if (strcmp(d.scheme, "postgres") == 0) {
			n->ns = stw_asprintf("postgres://%s:%d", d.host ? d.host : "localhost",
			    d.port ? d.port : 5432);
			n->db = stw_strdup(d.dbname ? d.dbname : d.user);
		} else if (strcmp(d.scheme, "mysql") == 0)
			n->ns = stw_asprintf("mysql://%s:%d", d.host ? d.host : "localhost",
			    d.port ? d.port : 3306);
		else if (strcmp(d.scheme, "sqlite") == 0 && d.path != NULL)
			n->ns = stw_asprintf("sqlite://%s", d.path);
	}
	stw_dsn_release(&d);
	if (n->ns == NULL)
		n->ns = stw_asprintf("steward://%s", name ? name : "unknown");
}

static void
ol_naming_release(struct ol_naming *n)
{
	free(n->ns);
	free(n->db);
}

/* The name of a table in its namespace. */
static char *
ol_name(const struct ol_naming *n, const char *schema, const char *table)
{
	if (strcmp(n->engine, "sqlite") == 0)
		return stw_strdup(table);
	if (strcmp(n->engine, "postgres") == 0 && n->db != NULL)
		return stw_asprintf("%s.%s.%s", n->db, schema ? schema : "", table);
	return schema ? stw_asprintf("%s.%s", schema, table) : stw_strdup(table);
}

struct ol_ctx {
	const struct stw_inventory *inv;
	const struct stw_export_opts *o;
	const char *producer;
	char *facet_url;
	struct ol_naming *names;       /* per source index */
};

static void
facet_base(json_t *f, const struct ol_ctx *c, const char *url)
{
	json_object_set_new(f, "_producer", json_string(c->producer));
	json_object_set_new(f, "_schemaURL", json_string(url));
}

static const char *
subtype_of(const char *kind)
{
	/* A copy found from its values, or a partition, holds the values
	 * themselves; a view, a trigger or an ETL job may compute them. */
	if (strcmp(kind, "inferred") == 0 || strcmp(kind, "partition") == 0)
		return "IDENTITY";
	return "TRANSFORMATION";
}

static char *
transformation_text(const struct stw_edge *e)
{
	if (e->inference.present)
		return stw_asprintf("steward %s edge: %.0f%% of values found (%s, %lld compared)",
		    e->kind, e->inference.rate * 100.0, e->inference.method ? e->inference.method : "",
		    e->inference.compared);
	return stw_asprintf("steward %s edge%s%s", e->kind, e->evidence ? ": " : "",
	    e->evidence ? e->evidence : "");
}

/* An edge end as OpenLineage names it (*ns and *name are the caller's). */
static void
ol_end(const struct ol_ctx *c, const struct stw_endpoint *e, char **ns, char **name)
{
	for (size_t i = 0; i < c->inv->nsources; i++)
		if (strcmp(c->inv->sources[i]->name, e->source) == 0) {
			*ns = stw_strdup(c->names[i].ns);
			*name = ol_name(&c->names[i], e->schema, e->table);
			return;
		}
	*ns = stw_asprintf("steward://%s", e->source ? e->source : "unknown");
	*name = stw_asprintf("%s.%s", e->schema ? e->schema : "", e->table);
}

static json_t *
ol_column_lineage(const struct ol_ctx *c, const struct stw_source *s, const struct stw_table *t,
    json_t *upstream)
{
	json_t *fields = json_object(), *facet;
	const size_t *into;
	size_t ninto = stw_inventory_edges_at(c->inv, STW_EDGE_TO, s->name, t->schema, t->name,
	    &into);

	for (size_t i = 0; i < ninto; i++) {
		const struct stw_edge *e = c->inv->lineage[into[i]];
		json_t *in, *tr, *list, *entry;
		char *ns, *name, *text;

		if (!at_table(&e->to, s->name, t))
			continue;
		if (strcmp(e->kind, "fk") == 0)
			continue;   /* a key, not a derivation */
		ol_end(c, &e->from, &ns, &name);
		if (e->from.column == NULL || e->to.column == NULL) {
			json_t *u = json_object();

			json_object_set_new(u, "namespace", json_string(ns));
			json_object_set_new(u, "name", stw_json_text(name));
			json_object_set_new(u, "kind", json_string(e->kind));
			json_array_append_new(upstream, u);
			free(ns);
			free(name);
			continue;
		}
		if ((entry = json_object_get(fields, e->to.column)) == NULL) {
			entry = json_object();
			json_object_set_new(entry, "inputFields", json_array());
			/* a column name that is not UTF-8 cannot be a JSON key */
			if (json_object_set_new(fields, e->to.column, entry) != 0) {
				free(ns);
				free(name);
				continue;
			}
		}
		list = json_object_get(entry, "inputFields");
		in = json_object();
		json_object_set_new(in, "namespace", json_string(ns));
		json_object_set_new(in, "name", stw_json_text(name));
		json_object_set_new(in, "field", stw_json_text(e->from.column));
		tr = json_object();
		json_object_set_new(tr, "type", json_string("DIRECT"));
		json_object_set_new(tr, "subtype", json_string(subtype_of(e->kind)));
		text = transformation_text(e);
		json_object_set_new(tr, "description", stw_json_text(text));
		free(text);
		json_object_set_new(tr, "masking", json_false());
		json_object_set_new(in, "transformations", json_pack("[o]", tr));
		json_array_append_new(list, in);
		free(ns);
		free(name);
	}
	if (json_object_size(fields) == 0) {
		json_decref(fields);
		return NULL;
	}
	facet = json_object();
	facet_base(facet, c, OL_LINEAGE_FACET);
	json_object_set_new(facet, "fields", fields);
	return facet;
}

static json_t *
ol_schema(const struct ol_ctx *c, const struct stw_table *t)
{
	json_t *facet = json_object(), *fields = json_array();

	facet_base(facet, c, OL_SCHEMA_FACET);
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct stw_column *col = t->columns[i];
		json_t *f = json_object();

		json_object_set_new(f, "name", stw_json_text(col->name));
		if (col->type != NULL)
			json_object_set_new(f, "type", stw_json_text(col->type));
		if (col->comment != NULL)
			json_object_set_new(f, "description", stw_json_text(col->comment));
		json_array_append_new(fields, f);
	}
	json_object_set_new(facet, "fields", fields);
	return facet;
}

static json_t *
ol_privacy(const struct ol_ctx *c, const struct stw_table *t, json_t *upstream)
{
	json_t *facet = json_object(), *fields = json_object();

	facet_base(facet, c, c->facet_url);
	json_object_set_new(facet, "sensitivity",
	    json_string(stw_sensitivity_name(stw_table_max_sensitivity(t))));
	json_object_set_new(facet, "subject", json_pack("{s:s,s:f}", "kind",
	    stw_subject_name(t->subject.kind), "confidence", t->subject.confidence));
	if (t->purposes.n > 0) {
		json_t *p = json_array();

		for (size_t i = 0; i < t->purposes.n; i++)
			json_array_append_new(p, stw_json_text(t->purposes.v[i]));
		json_object_set_new(facet, "purposes", p);
	}
	if (stw_table_retention(t)->present) {
		const struct stw_retention *rt = stw_table_retention(t);
		json_t *r = json_object();

		json_object_set_new(r, "category", stw_json_text(rt->category));
		json_object_set_new(r, "limitDays", json_integer(rt->limit_days));
		if (rt->rows_over_limit >= 0)
			json_object_set_new(r, "rowsOverLimit", json_integer(rt->rows_over_limit));
		json_object_set_new(facet, "retention", r);
	}
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct stw_column *col = t->columns[i];
		const struct stw_finding *top = stw_column_top_finding(col);
		json_t *f, *cats;

		if (top == NULL)
			continue;
		f = json_object();
		cats = json_array();
		for (size_t k = 0; k < col->nfindings; k++) {
			const struct stw_finding *fd = col->findings[k];
			json_t *one = json_pack("{s:s,s:s,s:s,s:f}", "category", fd->category,
			    "sensitivity", stw_sensitivity_name(fd->sensitivity), "evidence",
			    stw_evidence_name(fd->evidence), "confidence", fd->confidence);

			if (one == NULL)
				continue;
			if (fd->inherited_from != NULL)
				json_object_set_new(one, "from", stw_json_text(fd->inherited_from));
			json_array_append_new(cats, one);
		}
		json_object_set_new(f, "sensitivity", json_string(stw_sensitivity_name(top->sensitivity)));
		json_object_set_new(f, "categories", cats);
		if (json_object_set_new(fields, col->name, f) != 0)
			continue;   /* not UTF-8: cannot be a key */
	}
	json_object_set_new(facet, "fields", fields);
	if (json_array_size(upstream) > 0)
		json_object_set(facet, "upstream", upstream);
	return facet;
}

static json_t *
ol_dataset(const struct ol_ctx *c, size_t si, const struct stw_table *t)
{
	const struct stw_source *s = c->inv->sources[si];
	json_t *d = json_object(), *facets = json_object(), *upstream = json_array(), *lin;
	char *name = ol_name(&c->names[si], t->schema, t->name);

	json_object_set_new(d, "namespace", json_string(c->names[si].ns));
	json_object_set_new(d, "name", stw_json_text(name));
	free(name);
	json_object_set_new(facets, "schema", ol_schema(c, t));
	if ((lin = ol_column_lineage(c, s, t, upstream)) != NULL)
		json_object_set_new(facets, "columnLineage", lin);
	json_object_set_new(facets, "stewardPrivacy", ol_privacy(c, t, upstream));
	json_decref(upstream);
	json_object_set_new(d, "facets", facets);
	return d;
}

/* A run id that is the same for the same scan: a hash of the source and
 * the scan's time, laid out as an RFC 9562 version 8 (custom) UUID. */
static void
run_id(char out[37], const char *source, const char *when)
{
	uint64_t h[2] = { 1469598103934665603ULL, 7809847782465536322ULL };
	unsigned char b[16];
	const char *parts[3] = { source, "\x1f", when ? when : "" };

	for (int k = 0; k < 2; k++)
		for (int p = 0; p < 3; p++)
			for (const char *s = parts[p]; *s; s++) {
				h[k] ^= (unsigned char)*s;
				h[k] *= 1099511628211ULL;
			}
	for (int i = 0; i < 8; i++) {
		b[i] = (unsigned char)(h[0] >> (8 * i));
		b[8 + i] = (unsigned char)(h[1] >> (8 * i));
	}
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x80);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
	    b[14], b[15]);
}

static int
emit(json_t *ev, FILE *f)
{
	int rc = json_dumpf(ev, f, JSON_COMPACT) == 0 && fputc('\n', f) != EOF ? 0 : -1;

	json_decref(ev);
	return rc;
}

static int
export_openlineage(const struct stw_inventory *inv, const struct stw_export_opts *o, FILE *f,
    struct stw_err *err)
{
	struct ol_ctx c;
	char *producer = NULL;
	int rc = STW_OK;
	const char *when = inv->generated_at ? inv->generated_at : "1970-01-01T00:00:00Z";

	memset(&c, 0, sizeof(c));
	c.inv = inv;
	c.o = o;
	if (o->producer == NULL)
		producer = stw_asprintf("urn:steward:%s", inv->tool_version ? inv->tool_version
		    : STEWARD_VERSION);
	c.producer = o->producer ? o->producer : producer;
	c.facet_url = stw_asprintf("%s%s%s", o->schema_base ? o->schema_base : DEFAULT_SCHEMA_BASE,
	    STEWARD_FACET_FILE, STEWARD_FACET_DEF);
	c.names = stw_calloc(inv->nsources ? inv->nsources : 1, sizeof(*c.names));
	for (size_t s = 0; s < inv->nsources; s++)
		ol_naming_init(&c.names[s], inv->sources[s], inv->sources[s]->name);
	for (size_t s = 0; s < inv->nsources && rc == STW_OK; s++) {
		const struct stw_source *src = inv->sources[s];
		json_t *inputs = json_array();

		for (size_t t = 0; t < src->ntables && rc == STW_OK; t++) {
			const struct stw_table *tb = src->tables[t];
			json_t *ds;

			if (stw_table_is_partition(tb))
				continue;       /* its parent stands for it */
			ds = ol_dataset(&c, s, tb);
			if (o->dataset_events) {
				json_t *ev = json_object();

				json_object_set_new(ev, "eventTime", json_string(when));
				json_object_set_new(ev, "producer", json_string(c.producer));
				json_object_set_new(ev, "schemaURL", json_string(OL_EVENT "DatasetEvent"));
				json_object_set_new(ev, "dataset", ds);
				if (emit(ev, f) != 0)
					rc = stw_error(err, STW_ERROR, "cannot write the events");
			} else
				json_array_append_new(inputs, ds);
		}
		if (!o->dataset_events && rc == STW_OK) {
			json_t *ev = json_object(), *job = json_object(), *jf = json_object(), *jt;
			char id[37], *jobname = stw_asprintf("scan.%s", src->name);

			run_id(id, src->name, when);
			json_object_set_new(ev, "eventType", json_string("COMPLETE"));
			json_object_set_new(ev, "eventTime", json_string(when));
			json_object_set_new(ev, "producer", json_string(c.producer));
			json_object_set_new(ev, "schemaURL", json_string(OL_EVENT "RunEvent"));
			json_object_set_new(ev, "run", json_pack("{s:s}", "runId", id));
			json_object_set_new(job, "namespace", json_string("steward"));
			json_object_set_new(job, "name", stw_json_text(jobname));
			free(jobname);
			jt = json_object();
			facet_base(jt, &c, OL_JOBTYPE_FACET);
			json_object_set_new(jt, "processingType", json_string("BATCH"));
			json_object_set_new(jt, "integration", json_string("STEWARD"));
			json_object_set_new(jt, "jobType", json_string("SCAN"));
			json_object_set_new(jf, "jobType", jt);
			json_object_set_new(job, "facets", jf);
			json_object_set_new(ev, "job", job);
			json_object_set_new(ev, "inputs", inputs);
			inputs = NULL;
			json_object_set_new(ev, "outputs", json_array());
			if (emit(ev, f) != 0)
				rc = stw_error(err, STW_ERROR, "cannot write the events");
		}
		json_decref(inputs);
	}
	for (size_t s = 0; s < inv->nsources; s++)
		ol_naming_release(&c.names[s]);
	free(c.names);
	free(c.facet_url);
	free(producer);
	return rc;
}

/* ---- Fides ---------------------------------------------------------------------- */

/* A YAML double-quoted scalar: a JSON string is one. */
static void
yq(struct stw_buf *b, const char *s)
{
	json_t *j = stw_json_text(s ? s : "");
	char *t = json_dumps(j, JSON_ENCODE_ANY);

	stw_buf_adds(b, t ? t : "\"\"");
	free(t);
	json_decref(j);
}

/* A fides_key: letters, digits and _ . < > - only. */
static char *
fides_key(const char *source, const char *schema)
{
	char *k = stw_asprintf("%s_%s", source, schema ? schema : "main");

	for (char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("_.<>-", *p) != NULL))
			*p = '_';
	return k;
}

static void
fides_field(struct stw_buf *b, const struct stw_column *col)
{
	const struct stw_finding *top = stw_column_top_finding(col);

	stw_buf_adds(b, "          - name: ");
	yq(b, col->name);
	stw_buf_addc(b, '\n');
	if (top == NULL) {
		if (col->decision != NULL) {
			/* the council's "not personal", kept across the round trip */
			stw_buf_adds(b, "            data_categories: []\n");
		}
		return;
	}
	{
		struct stw_buf d = STW_BUF_INIT;

		stw_buf_addf(&d, "steward: %s (%s", stw_sensitivity_name(top->sensitivity),
		    stw_evidence_name(top->evidence));
		if (top->inherited_from != NULL)
			stw_buf_addf(&d, " from %s", top->inherited_from);
		stw_buf_addf(&d, ", confidence %.2f)", top->confidence);
		stw_buf_adds(b, "            description: ");
		yq(b, d.buf);
		stw_buf_addc(b, '\n');
		stw_buf_release(&d);
	}
	stw_buf_adds(b, "            data_categories:\n");
	for (size_t k = 0; k < col->nfindings; k++) {
		int dup = 0;

		for (size_t j = 0; j < k && !dup; j++)
			dup = strcmp(col->findings[j]->category, col->findings[k]->category) == 0;
		if (dup)
			continue;
		stw_buf_adds(b, "              - ");
		yq(b, col->findings[k]->category);
		stw_buf_addc(b, '\n');
	}
}

static int
export_fides(const struct stw_inventory *inv, const struct stw_export_opts *o, FILE *f,
    struct stw_err *err)
{
	struct stw_buf b = STW_BUF_INIT;
	struct stw_strv keys = STW_STRV_INIT;
	int rc = STW_OK;

	stw_buf_addf(&b, "# fideslang datasets written by steward %s from %s (%s).\n"
	    "# Edit data_categories and give this file back to steward (fides: in steward.yaml,\n"
	    "# or scan --fides): a field's categories replace what steward found there, and\n"
	    "# data_categories: [] records that it holds no personal data (docs/export.md).\n",
	    inv->tool_version ? inv->tool_version : STEWARD_VERSION,
	    o->inventory_name ? o->inventory_name : "an inventory",
	    inv->generated_at ? inv->generated_at : "no date");
	stw_buf_adds(&b, "dataset:\n");
	for (size_t s = 0; s < inv->nsources; s++) {
		const struct stw_source *src = inv->sources[s];

		for (size_t t = 0; t < src->ntables;) {
			const char *schema = src->tables[t]->schema;
			char *key = fides_key(src->name, schema);
			size_t end = t;

			while (end < src->ntables && cmp_str0(src->tables[end]->schema, schema) == 0)
				end++;
			if (stw_strv_has(&keys, key)) {
				char *k2 = stw_asprintf("%s-%zu", key, keys.n + 1);
				free(key);
				key = k2;
			}
			stw_strv_push(&keys, key);
			stw_buf_adds(&b, "  - fides_key: ");
			yq(&b, key);
			stw_buf_adds(&b, "\n    name: ");
			{
				char *nm = stw_asprintf("%s %s", src->name, schema ? schema : "");
				yq(&b, nm);
				free(nm);
			}
			stw_buf_adds(&b, "\n    description: ");
			{
				char *d = stw_asprintf("%s database scanned by steward (%s)",
				    src->engine ? src->engine : "a", src->dsn ? src->dsn : src->name);
				yq(&b, d);
				free(d);
			}
			stw_buf_adds(&b, "\n    meta:\n      steward_source: ");
			yq(&b, src->name);
			stw_buf_adds(&b, "\n      steward_schema: ");
			yq(&b, schema);
			stw_buf_adds(&b, "\n    collections:\n");
			for (; t < end; t++) {
				const struct stw_table *tb = src->tables[t];

				if (stw_table_is_partition(tb))
					continue;
				stw_buf_adds(&b, "      - name: ");
				yq(&b, tb->name);
				stw_buf_addc(&b, '\n');
				if (tb->comment != NULL) {
					stw_buf_adds(&b, "        description: ");
					yq(&b, tb->comment);
					stw_buf_addc(&b, '\n');
				}
				stw_buf_adds(&b, tb->ncolumns ? "        fields:\n" : "        fields: []\n");
				for (size_t c = 0; c < tb->ncolumns; c++)
					fides_field(&b, tb->columns[c]);
			}
			free(key);
			t = end;
		}
	}
	if (inv->nsources == 0)
		stw_buf_adds(&b, "  []\n");
	if (fwrite(b.buf, 1, b.len, f) != b.len)
		rc = stw_error(err, STW_ERROR, "cannot write the datasets");
	stw_buf_release(&b);
	stw_strv_clear(&keys);
	return rc;
}

/* ---- record of processing ------------------------------------------------------ */

struct ropa_row {
	size_t source;
	char *category, *purpose;
	enum stw_sensitivity sens;
	struct stw_strv subjects, tables, columns, retention, recipients, copies;
	long long over;                /* rows past the limit, summed; -1 none counted */
};

static void
join(struct stw_buf *b, const struct stw_strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		stw_buf_addf(b, "%s%s", i ? "; " : "", v->v[i]);
}

static void
add_once(struct stw_strv *v, const char *s)
{
	if (!stw_strv_has(v, s))
		stw_strv_push(v, s);
}

static const char *
subject_words(enum stw_subject_kind k)
{
	switch (k) {
	case STW_SUBJ_PERSON: return "people (records of persons)";
	case STW_SUBJ_PERSON_EVENT: return "people (events about persons)";
	case STW_SUBJ_ORGANISATION: return "organisations' contacts";
	case STW_SUBJ_REFERENCE: return "none (reference data)";
	default: return "not determined";
	}
}

static char *
days_text(long long d)
{
	if (d > 0 && d % 365 == 0)
		return stw_asprintf("%lld days (%lld y)", d, d / 365);
	return stw_asprintf("%lld days", d);
}

/* The legal basis steward.yaml gives a purpose, or NULL. */
static const char *
legal_basis(const struct stw_config *cfg, const char *purpose)
{
	if (cfg == NULL)
		return NULL;
	for (size_t i = 0; i < cfg->nlegal_bases; i++)
		if (strcmp(cfg->legal_bases[i]->purpose, purpose) == 0)
			return cfg->legal_bases[i]->basis;
	return NULL;
}

/* Does edge e carry the category `cat` out of table t (its from column
 * holds it, or a table-level edge out of a table that does)? */
static int
carries(const struct stw_edge *e, const struct stw_table *t, const char *cat)
{
	if (e->from.column == NULL) {
		for (size_t c = 0; c < t->ncolumns; c++)
			if (stw_column_find_category(t->columns[c], cat) != NULL)
				return 1;
		return 0;
	}
	{
		const struct stw_column *col = stw_table_find_column(t, e->from.column);

		return col != NULL && stw_column_find_category(col, cat) != NULL;
	}
}

static int
export_ropa(const struct stw_inventory *inv, const struct stw_config *cfg, FILE *f,
    struct stw_err *err)
{
	static const char *const head[] = { "source", "engine", "data_category", "sensitivity",
		"special_category", "data_subjects", "purpose", "legal_basis", "retention",
		"rows_over_retention", "recipients", "undeclared_copies", "tables", "columns", NULL };
	struct stw_buf b = STW_BUF_INIT;
	struct ropa_row *rows = NULL;
	size_t nrows = 0, arows = 0;
	int rc = STW_OK;

	for (size_t s = 0; s < inv->nsources; s++) {
		const struct stw_source *src = inv->sources[s];
		size_t first = nrows;

		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tb = src->tables[t];
			static const char *const none[] = { "(no purpose declared)" };
			const char *const *purposes = (const char *const *)tb->purposes.v;
			size_t npurposes = tb->purposes.n, nfrom;
			const size_t *from;
			char *tname;

			if (stw_table_is_partition(tb))
				continue;
			if (npurposes == 0) {
				purposes = none;
				npurposes = 1;
			}
			nfrom = stw_inventory_edges_at(inv, STW_EDGE_FROM, src->name, tb->schema, tb->name,
			    &from);
			tname = stw_asprintf("%s.%s", tb->schema ? tb->schema : "", tb->name);
			for (size_t c = 0; c < tb->ncolumns; c++) {
				const struct stw_column *col = tb->columns[c];

				for (size_t k = 0; k < col->nfindings; k++) {
					const struct stw_finding *fd = col->findings[k];

					for (size_t p = 0; p < npurposes; p++) {
						struct ropa_row *r = NULL;
						char *cname;

						for (size_t i = first; i < nrows && r == NULL; i++)
							if (strcmp(rows[i].category, fd->category) == 0 &&
							    strcmp(rows[i].purpose, purposes[p]) == 0)
								r = &rows[i];
						if (r == NULL) {
							stw_grow(&rows, &arows, nrows, sizeof(*rows));
							r = &rows[nrows++];
							memset(r, 0, sizeof(*r));
							r->source = s;
							r->category = stw_strdup(fd->category);
							r->purpose = stw_strdup(purposes[p]);
							r->over = -1;
						}
						if (fd->sensitivity > r->sens)
							r->sens = fd->sensitivity;
						{
							const struct stw_data_subject *ds = stw_data_subject_find(
							    stw_report_fides_subject(cfg, src, tb));

							add_once(&r->subjects, ds ? ds->name : subject_words(tb->subject.kind));
						}
						if (!stw_strv_has(&r->tables, tname)) {
							stw_strv_push(&r->tables, tname);
							const struct stw_retention *rt = stw_table_retention(tb);

							if (rt->present && strcmp(rt->category, fd->category) == 0) {
								char *d = days_text(rt->limit_days);
								add_once(&r->retention, d);
								free(d);
								if (rt->rows_over_limit >= 0)
									r->over = (r->over < 0 ? 0 : r->over) +
									    rt->rows_over_limit;
							}
							for (size_t i = 0; i < nfrom; i++) {
								const struct stw_edge *e = inv->lineage[from[i]];
								char *to;

								if (!at_table(&e->from, src->name, tb) || e->to.source == NULL || strcmp(e->to.source, src->name) == 0 ||
								    (strcmp(e->kind, "declared") != 0 &&
								    strcmp(e->kind, "inferred") != 0) ||
								    !carries(e, tb, fd->category))
									continue;
								{
									int decl = strcmp(e->kind, "declared") == 0 &&
									    e->evidence != NULL;

									to = stw_asprintf("%s.%s.%s%s%s%s", e->to.source,
									    e->to.schema ? e->to.schema : "", e->to.table,
									    decl ? " (" : "", decl ? e->evidence : "",
									    decl ? ")" : "");
								}
								add_once(strcmp(e->kind, "declared") == 0 ? &r->recipients
								    : &r->copies, to);
								free(to);
							}
						}
						cname = stw_asprintf("%s.%s", tname, col->name);
						add_once(&r->columns, cname);
						free(cname);
					}
				}
			}
			free(tname);
		}
	}
	for (size_t i = 0; head[i]; i++)
		stw_csv_field(&b, head[i], i == 0);
	stw_buf_adds(&b, "\r\n");
	for (size_t i = 0; i < nrows; i++) {
		struct ropa_row *r = &rows[i];
		const struct stw_source *src = inv->sources[r->source];
		struct stw_buf cell = STW_BUF_INIT;
		const struct stw_cfg_policy *pol = stw_config_category_policy(cfg, r->category);

		stw_csv_field(&b, src->name, 1);
		stw_csv_field(&b, src->engine, 0);
		stw_csv_field(&b, r->category, 0);
		stw_csv_field(&b, stw_sensitivity_name(r->sens), 0);
		stw_csv_field(&b, r->sens == STW_SENS_SPECIAL ? "yes" : "no", 0);
		join(&cell, &r->subjects);
		stw_csv_field(&b, cell.buf, 0);
		stw_csv_field(&b, r->purpose, 0);
		stw_csv_field(&b, legal_basis(cfg, r->purpose), 0);
		stw_buf_reset(&cell);
		if (r->retention.n > 0)
			join(&cell, &r->retention);
		else if (pol != NULL && pol->retention_days >= 0) {
			char *d = days_text(pol->retention_days);
			stw_buf_adds(&cell, d);
			free(d);
		} else
			stw_buf_adds(&cell, "not set");
		stw_csv_field(&b, cell.buf, 0);
		if (r->over >= 0)
			stw_buf_addf(&b, ",%lld", r->over);
		else
			stw_buf_addc(&b, ',');
		stw_buf_reset(&cell);
		join(&cell, &r->recipients);
		stw_csv_field(&b, cell.buf, 0);
		stw_buf_reset(&cell);
		join(&cell, &r->copies);
		stw_csv_field(&b, cell.buf, 0);
		stw_buf_reset(&cell);
		join(&cell, &r->tables);
		stw_csv_field(&b, cell.buf, 0);
		stw_buf_reset(&cell);
		join(&cell, &r->columns);
		stw_csv_field(&b, cell.buf, 0);
		stw_buf_adds(&b, "\r\n");
		stw_buf_release(&cell);
	}
	if (fwrite(b.buf, 1, b.len, f) != b.len)
		rc = stw_error(err, STW_ERROR, "cannot write the record of processing");
	for (size_t i = 0; i < nrows; i++) {
		free(rows[i].category);
		free(rows[i].purpose);
		stw_strv_clear(&rows[i].subjects);
		stw_strv_clear(&rows[i].tables);
		stw_strv_clear(&rows[i].columns);
		stw_strv_clear(&rows[i].retention);
		stw_strv_clear(&rows[i].recipients);
		stw_strv_clear(&rows[i].copies);
	}
	free(rows);
	stw_buf_release(&b);
	return rc;
}

int
stw_export_write(const struct stw_inventory *inv, const struct stw_config *cfg,
    const struct stw_export_opts *o, FILE *f, struct stw_err *err)
{
	switch (o->format) {
	case STW_EXPORT_OPENLINEAGE:
		return export_openlineage(inv, o, f, err);
	case STW_EXPORT_FIDES:
		return export_fides(inv, o, f, err);
	case STW_EXPORT_ROPA_CSV:
		return export_ropa(inv, cfg, f, err);
	}
	return stw_error(err, STW_EUSAGE, "unknown export format");
}
