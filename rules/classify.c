/*
 * The classifier (classify.h, ruleset.h): loads rule packs (YAML, with
 * file:line:column errors), compiles their patterns (value patterns with
 * PCRE2 JIT, on first use), matches column names and streamed sample
 * values, and turns the evidence into findings with a confidence.
 * docs/rules.md describes the rule format and the scoring; keep the two in
 * step.
 *
 * Privacy: a sampled value is looked at inside stw_tclass_value() and
 * forgotten.  The only thing derived from values that outlives the call is
 * a count and, per column and rule, one masked example (stw_rules_mask()),
 * which is written into a finding only with --show-examples.
 */
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "classify.h"
#include "builtin.h"
#include "ruleset.h"
#include "taxonomy.h"
#include "scanner/yamlcheck.h"
#include "validate.h"

/* Defaults, documented in docs/rules.md. */
#define DEF_MIN_RATIO 0.6
#define DEF_FREE_TEXT_RATIO 0.1
#define DEF_NAME_CONF 0.7
/* Name evidence is contradicted by values only with at least this many
 * non-empty sampled values. */
#define CONTRADICT_MIN 20
/* Free-text rules try at most this many matches per value for one that
 * validates. */
#define FREE_TEXT_TRIES 8
/* Values longer than this are looked at only up to here. */
#define MAX_VALUE 4096

struct rule {
	char *id, *category, *pack, *file, *description;
	int line, col;
	enum stw_sensitivity sens;
	char *name_src, *name_excl_src, *table_src, *value_src;
	const struct stw_validator *validator;
	char *prefilter, *mask;
	double min_ratio, confidence;
	int free_text, value_alone;
	int min_length, max_length, min_digits;
	int disabled;
	unsigned subjects;                /* 1u << STW_SUBJ_*: applies only in such tables; 0 = any */
	char *subjects_src;               /* as written, for rules list/explain */
	/* Derived from the compiled value pattern (derive_filters() as the
	 * pack loads; a whole-value rule's first bytes in prepare_value(),
	 * when a column first runs it): cheap necessary conditions checked
	 * before the regex runs. */
	uint32_t re_minlen;               /* characters; a byte count >= it */
	uint64_t need_any[4];             /* some byte of the value in this set (prefilter) */
	uint64_t first[4];                /* whole-value rules: the first byte in this set */
	uint64_t req[4];                  /* the literal every match holds, either case: some byte in it */
	int has_need_any, has_first, has_req;
	/* The sets above that a value's bytes are tested against (need_any,
	 * req, a free-text rule's first), each as one bit of struct
	 * vshape's mask: see assign_classes().  0 = not tested. */
	uint64_t need_bit, first_bit, req_bit;
	int value_jit;                    /* pcre2_jit_match() may be called */
	atomic_int ready;                 /* prepare_value() done; set last, with release order */
	struct stw_strv nm, nn, vm, vn;   /* examples */
	pcre2_code *name_re, *name_excl_re, *table_re, *value_re;
};

struct stw_rules {
	struct rule **rules;
	size_t n, alloc;
	struct stw_strv packs;            /* built-in packs already added */
	int compiled;
	/* After compile: enabled rules with a value pattern, in order, and
	 * each one's index in active[]. */
	struct rule **vrules;
	size_t *vactive;
	size_t nv;
	/* ... and every enabled rule. */
	struct rule **active;
	size_t nactive;
	/* Name results by normalised column name, shared by the scan threads
	 * (the only mutable part after compile, behind its own lock). */
	struct name_memo *memo;
	/* Taken by prepare_value() to JIT-compile a value pattern on first
	 * use; threads that find the rule ready never take it. */
	pthread_mutex_t *prep_lock;
	/* After compile: for each byte, the byte sets of the value rules
	 * (one bit each) that hold it. */
	uint64_t byte_class[256];
};

/* Column names repeat across tables (id, email, created_at): each distinct
 * name is matched against every rule once per scan.  Bounded; past the
 * bound names are matched afresh. */
#define MEMO_BUCKETS 1024
#define MEMO_MAX 8192

struct memo_entry {
	struct memo_entry *next;
	unsigned char *hits;          /* [nactive]: rule_name_hit(), table filter not applied */
	size_t len;
	char name[];
};

struct name_memo {
	pthread_mutex_t lock;
	struct memo_entry *bucket[MEMO_BUCKETS];
	size_t n;
};

static size_t
memo_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;          /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (size_t)(h % MEMO_BUCKETS);
}

static void
memo_clear(struct name_memo *m)
{
	for (size_t b = 0; b < MEMO_BUCKETS; b++) {
		struct memo_entry *e = m->bucket[b], *nx;
		for (; e != NULL; e = nx) {
			nx = e->next;
			free(e->hits);
			free(e);
		}
		m->bucket[b] = NULL;
	}
	m->n = 0;
}

/* ------------------------------------------------------------------ */
/* Names */

static int
is_alnum_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    c >= 0x80;
}

static int
cls(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return 'd';
	if (c >= 'A' && c <= 'Z')
		return 'U';
	return 'l';          /* lower case, and any non-ASCII byte */
}

void
stw_rules_normalize_name(struct stw_buf *out, const char *name)
{
	size_t n = strlen(name);
	int inword = 0;

	stw_buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (!is_alnum_byte(c)) {
			inword = 0;
			continue;
		}
		if (inword) {
			unsigned char p = (unsigned char)name[i - 1];
			int a = cls(p), b = cls(c), split = 0;
			if (a != b && (a == 'd' || b == 'd'))
				split = 1;                       /* address2, 2fa */
			else if (a == 'l' && b == 'U')
				split = 1;                       /* userEmail */
			else if (a == 'U' && b == 'U' && i + 1 < n && cls((unsigned char)name[i + 1]) == 'l' &&
			    is_alnum_byte((unsigned char)name[i + 1]) && (unsigned char)name[i + 1] < 0x80)
				split = 1;                       /* HTMLParser: html_parser */
			if (split)
				stw_buf_addc(out, '_');
		} else if (out->len > 0) {
			stw_buf_addc(out, '_');
		}
		stw_buf_addc(out, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
		inword = 1;
	}
}

/* A name match must start and end on word-part boundaries of the
 * normalised name, so `pass` never matches inside `passport`: the rule's
 * pattern is compiled inside this wrapper.  The match may also begin or
 * end with the '_' itself, for patterns written as (^|_)word($|_). */
#define NAME_WRAP_HEAD "(?:(?<![^_])|(?=_))(?:"
#define NAME_WRAP_TAIL ")(?:(?![^_])|(?<=_))"

static pcre2_match_context *bounded_ctx(void);

static int
name_search(const pcre2_code *re, const char *s, size_t len, pcre2_match_data *md)
{
	return pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, bounded_ctx()) >= 0;
}

static int
rule_name_hit(const struct rule *ru, const char *norm, size_t len, pcre2_match_data *md)
{
	if (ru->name_re == NULL || !name_search(ru->name_re, norm, len, md))
		return 0;
	if (ru->name_excl_re != NULL &&
	    pcre2_match(ru->name_excl_re, (PCRE2_SPTR)norm, len, 0, 0, md, bounded_ctx()) >= 0)
		return 0;
	return 1;
}

static int
rule_table_ok(const struct rule *ru, const char *norm, size_t len, pcre2_match_data *md)
{
	return ru->table_re == NULL ||
	    pcre2_match(ru->table_re, (PCRE2_SPTR)norm, len, 0, 0, md, bounded_ctx()) >= 0;
}

/* ------------------------------------------------------------------ */
/* Values */

/* Trims ASCII white space (CHAR(n) columns pad with blanks). */
static void
trim(const char **v, size_t *len)
{
	const char *s = *v;
	size_t n = *len;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	*v = s;
	*len = n;
}

/* What the prefilters need to know of a value, computed in one pass so
 * that each rule's checks cost a word operation or two. */
struct vshape {
	size_t digits;
	uint64_t sets;                /* bit i: some byte of the value is in byte set i */
};

/* One table load and an OR per byte: the rules' byte sets were numbered
 * when the rule set was compiled (assign_classes()), so the value's bytes
 * need not be collected as a 256-bit set and then met with each rule's. */
static void
value_shape(struct vshape *sh, const uint64_t *byte_class, const char *v, size_t len)
{
	uint64_t m = 0;
	size_t d = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned c = (unsigned char)v[i];
		m |= byte_class[c];
		d += (c - '0' < 10u);
	}
	sh->digits = d;
	sh->sets = m;
}

static int
set_has(const uint64_t *set, unsigned char c)
{
	return (set[c >> 6] >> (c & 63)) & 1;
}

/*
 * Bounds on one match (docs/rules.md "Limits"): a user's pattern such as
 * (a+)+$ backtracks exponentially, and PCRE2's default limit lets one
 * 256-byte value run for seconds.  These stop it in about a millisecond;
 * no built-in rule comes near them.
 */
#define MATCH_LIMIT 100000
#define DEPTH_LIMIT 5000

static pcre2_match_context *match_ctx;
static pthread_once_t match_ctx_once = PTHREAD_ONCE_INIT;

static void
match_ctx_init(void)
{
	match_ctx = pcre2_match_context_create(NULL);
	if (match_ctx == NULL)
		STW_BUG("pcre2_match_context_create failed");
	pcre2_set_match_limit(match_ctx, MATCH_LIMIT);
	pcre2_set_depth_limit(match_ctx, DEPTH_LIMIT);
}

static pcre2_match_context *
bounded_ctx(void)
{
	pthread_once(&match_ctx_once, match_ctx_init);
	return match_ctx;
}

static int
limit_error(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

/* The regex alone (and the validator): what the prefilters must agree
 * with.  1 a match, 0 none, -1 the pattern hit a match limit. */
static int
rule_regex_hit(const struct rule *ru, const char *v, size_t len, pcre2_match_data *md,
    size_t *mb, size_t *me)
{
	size_t start = 0;

	bounded_ctx();
	for (int tries = 0; tries < (ru->free_text ? FREE_TEXT_TRIES : 1); tries++) {
		int rc = ru->value_jit
		    ? pcre2_jit_match(ru->value_re, (PCRE2_SPTR)v, len, start, 0, md, match_ctx)
		    : pcre2_match(ru->value_re, (PCRE2_SPTR)v, len, start, 0, md, match_ctx);
		if (rc < 0)
			return limit_error(rc) ? -1 : 0;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		if (ru->validator == NULL || ru->validator->fn == NULL ||
		    ru->validator->fn(v + ov[0], ov[1] - ov[0])) {
			*mb = ov[0];
			*me = ov[1];
			return 1;
		}
		if (!ru->free_text || ov[1] >= len)
			return 0;
		start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	return 0;
}

/* Does one (trimmed, non-empty) value satisfy a value rule?  The cheap
 * checks come first: the rule's own limits and prefilter, then what
 * derive_filters() read off the compiled pattern.  None of them can turn
 * a match into a miss (tests/unit/test_rules_prefilter.c holds them to
 * the regex).  On a match, *mb and *me delimit the matched text, for the
 * masked example. */
static int
rule_value_hit(const struct rule *ru, const char *v, size_t len, const struct vshape *sh,
    pcre2_match_data *md, size_t *mb, size_t *me)
{
	if ((ru->min_length && len < (size_t)ru->min_length) ||
	    (ru->max_length && len > (size_t)ru->max_length) ||
	    (ru->min_digits && sh->digits < (size_t)ru->min_digits) ||
	    len < ru->re_minlen)
		return 0;
	if ((ru->need_bit | ru->req_bit) & ~sh->sets)
		return 0;
	if (ru->free_text ? (ru->first_bit & ~sh->sets) != 0
	    : ru->has_first && !set_has(ru->first, (unsigned char)v[0]))
		return 0;
	return rule_regex_hit(ru, v, len, md, mb, me);
}

/* ------------------------------------------------------------------ */
/* Masking */

static int
alnum(unsigned char c)
{
	return is_alnum_byte(c) && c < 0x80;
}

/* Keeps the first `head` and last `tail` alphanumerics, separators as
 * they are, every other alphanumeric becomes '*'. */
static char *
mask_keep(const char *v, size_t len, size_t head, size_t tail)
{
	size_t total = 0, k = 0;
	struct stw_buf b = STW_BUF_INIT;

	for (size_t i = 0; i < len; i++)
		total += alnum((unsigned char)v[i]);
	if (head + tail >= total) {
		/* Too short to show anything but the first character. */
		head = total > 1 ? 1 : 0;
		tail = 0;
	}
	for (size_t i = 0; i < len && b.len < 64; i++) {
		unsigned char c = (unsigned char)v[i];
		if (alnum(c)) {
			stw_buf_addc(&b, (k < head || k >= total - tail) ? (char)c : '*');
			k++;
		} else if (c < 0x80) {
			stw_buf_addc(&b, (char)c);
		} else {
			stw_buf_addc(&b, '*');
			while (i + 1 < len && ((unsigned char)v[i + 1] & 0xC0) == 0x80)
				i++;
		}
	}
	return stw_buf_detach(&b);
}

static char *mask_shape(size_t len);

static size_t
utf8_chars(const char *v, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)v[i] & 0xC0) != 0x80;
	return n;
}

static char *
mask_email(const char *v, size_t len)
{
	const char *at = memchr(v, '@', len);
	struct stw_buf b = STW_BUF_INIT;

	if (at == NULL || at == v)
		return mask_shape(utf8_chars(v, len));
	const char *dom = at + 1, *end = v + len, *dot = NULL;
	for (const char *p = dom; p < end; p++)
		if (*p == '.')
			dot = p;
	stw_buf_addc(&b, v[0]);
	stw_buf_adds(&b, "***@");
	if (dom < end && *dom != '.')
		stw_buf_addc(&b, *dom);
	stw_buf_adds(&b, "***");
	if (dot != NULL && end - dot <= 10) {
		for (const char *p = dot; p < end; p++)
			stw_buf_addc(&b, alnum((unsigned char)*p) || *p == '.' ? *p : '*');
	}
	return stw_buf_detach(&b);
}

/* Only the value's size, in buckets: a leading letter or an exact length
 * of a short or common value (a gender, an allergen, a blood group, a
 * diagnosis code) is the value. */
static char *
mask_shape(size_t len)
{
	size_t chars = len;

	return stw_strdup(chars <= 4 ? "[up to 4 chars]" : chars <= 8 ? "[5-8 chars]"
	    : chars <= 16 ? "[9-16 chars]" : chars <= 32 ? "[17-32 chars]" : "[over 32 chars]");
}

char *
stw_rules_mask(const char *style, const char *v, size_t len)
{
	if (style == NULL || strcmp(style, "generic") == 0)
		return mask_shape(utf8_chars(v, len));
	if (strcmp(style, "none") == 0)
		return NULL;
	if (strcmp(style, "email") == 0)
		return mask_email(v, len);
	if (strcmp(style, "card") == 0)
		return mask_keep(v, len, 4, 4);
	if (strcmp(style, "iban") == 0)
		return mask_keep(v, len, 2, 2);
	if (strcmp(style, "phone") == 0) {
		/* +44 ** **** **23: the country code and the last two digits */
		size_t head = 0;
		if (len > 0 && v[0] == '+') {
			for (size_t i = 1; i < len && i <= 3 && v[i] >= '0' && v[i] <= '9'; i++)
				head++;
			if (head > 2)
				head = 2;
		}
		return mask_keep(v, len, head, 2);
	}
	return mask_shape(utf8_chars(v, len));
}

static const char *const mask_styles[] = { "email", "card", "phone", "iban", "generic", "none", NULL };

/* ------------------------------------------------------------------ */
/* Rule sets */

struct stw_rules *
stw_rules_new(void)
{
	struct stw_rules *r = stw_calloc(1, sizeof(struct stw_rules));

	r->memo = stw_calloc(1, sizeof(*r->memo));
	pthread_mutex_init(&r->memo->lock, NULL);
	r->prep_lock = stw_calloc(1, sizeof(*r->prep_lock));
	pthread_mutex_init(r->prep_lock, NULL);
	return r;
}

static void
rule_free(struct rule *ru)
{
	if (ru == NULL)
		return;
	free(ru->id);
	free(ru->category);
	free(ru->pack);
	free(ru->file);
	free(ru->description);
	free(ru->name_src);
	free(ru->name_excl_src);
	free(ru->table_src);
	free(ru->subjects_src);
	free(ru->value_src);
	free(ru->prefilter);
	free(ru->mask);
	stw_strv_clear(&ru->nm);
	stw_strv_clear(&ru->nn);
	stw_strv_clear(&ru->vm);
	stw_strv_clear(&ru->vn);
	pcre2_code_free(ru->name_re);
	pcre2_code_free(ru->name_excl_re);
	pcre2_code_free(ru->table_re);
	pcre2_code_free(ru->value_re);
	free(ru);
}

void
stw_rules_free(struct stw_rules *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		rule_free(r->rules[i]);
	free(r->rules);
	free(r->vrules);
	free(r->vactive);
	free(r->active);
	memo_clear(r->memo);
	pthread_mutex_destroy(&r->memo->lock);
	free(r->memo);
	pthread_mutex_destroy(r->prep_lock);
	free(r->prep_lock);
	stw_strv_clear(&r->packs);
	free(r);
}

/* ------------------------------------------------------------------ */
/* Loading packs */

struct loader {
	struct stw_rules *r;
	const char *pack, *file;
	yaml_document_t *doc;
	struct stw_err *err;
	int builtin;                      /* a pack compiled into the binary */
};

static int
lerr(struct loader *L, const yaml_node_t *node, const char *fmt, ...) STW_PRINTF(3, 4);

static int
lerr(struct loader *L, const yaml_node_t *node, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return stw_error(L->err, STW_EUSAGE, "%s:%lu:%lu: %s", L->file,
	    (unsigned long)node->start_mark.line + 1, (unsigned long)node->start_mark.column + 1, msg);
}

static const char *
scalar(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int
get_string(struct loader *L, const yaml_node_t *n, const char *key, char **out)
{
	const char *s = scalar(n);

	if (s == NULL)
		return lerr(L, n, "'%s' must be a string", key);
	if (*out != NULL)
		return lerr(L, n, "'%s' given twice", key);
	*out = stw_strdup(s);
	return STW_OK;
}

static int
get_bool(struct loader *L, const yaml_node_t *n, const char *key, int *out)
{
	const char *s = scalar(n);

	if (s != NULL && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)) {
		*out = 1;
		return STW_OK;
	}
	if (s != NULL && (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)) {
		*out = 0;
		return STW_OK;
	}
	return lerr(L, n, "'%s' must be true or false", key);
}

static int
get_number(struct loader *L, const yaml_node_t *n, const char *key, double lo, double hi, double *out)
{
	const char *s = scalar(n);
	char *end;

	if (s == NULL || *s == '\0')
		return lerr(L, n, "'%s' must be a number", key);
	double v = strtod(s, &end);
	if (*end != '\0' || !(v >= lo && v <= hi))
		return lerr(L, n, "'%s' must be a number from %g to %g, not '%s'", key, lo, hi, s);
	*out = v;
	return STW_OK;
}

static int
get_int(struct loader *L, const yaml_node_t *n, const char *key, int *out)
{
	double v = 0;
	int rc = get_number(L, n, key, 0, 100000, &v);

	if (rc == STW_OK && v != (double)(int)v)
		return lerr(L, n, "'%s' must be a whole number", key);
	*out = (int)v;
	return rc;
}

static int
get_list(struct loader *L, const yaml_node_t *n, const char *key, struct stw_strv *out)
{
	if (n->type == YAML_SCALAR_NODE) {
		stw_strv_push(out, scalar(n));
		return STW_OK;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return lerr(L, n, "'%s' must be a list of strings", key);
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(L->doc, *it);
		if (scalar(e) == NULL)
			return lerr(L, e, "'%s' must be a list of strings", key);
		stw_strv_push(out, scalar(e));
	}
	return STW_OK;
}

/* examples: { names: { match: [...], no_match: [...] }, values: {...} } */
static int
get_examples(struct loader *L, const yaml_node_t *n, struct rule *ru)
{
	if (n->type != YAML_MAPPING_NODE)
		return lerr(L, n, "'examples' must be a mapping with 'names' and 'values'");
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
		const char *ks = scalar(k);
		struct stw_strv *m, *nm;
		if (ks != NULL && strcmp(ks, "names") == 0) {
			m = &ru->nm;
			nm = &ru->nn;
		} else if (ks != NULL && strcmp(ks, "values") == 0) {
			m = &ru->vm;
			nm = &ru->vn;
		} else {
			return lerr(L, k, "unknown key '%s' in 'examples' (names, values)", ks ? ks : "?");
		}
		if (v->type != YAML_MAPPING_NODE)
			return lerr(L, v, "'examples.%s' must be a mapping with 'match' and 'no_match'", ks);
		for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
			yaml_node_t *k2 = yaml_document_get_node(L->doc, q->key);
			yaml_node_t *v2 = yaml_document_get_node(L->doc, q->value);
			const char *k2s = scalar(k2);
			int rc;
			if (k2s != NULL && strcmp(k2s, "match") == 0)
				rc = get_list(L, v2, "match", m);
			else if (k2s != NULL && strcmp(k2s, "no_match") == 0)
				rc = get_list(L, v2, "no_match", nm);
			else
				return lerr(L, k2, "unknown key '%s' in 'examples.%s' (match, no_match)",
				    k2s ? k2s : "?", ks);
			if (rc != STW_OK)
				return rc;
		}
	}
	return STW_OK;
}

static int
compile_re(struct loader *L, const yaml_node_t *n, const char *what, const char *src,
    uint32_t opts, pcre2_code **out)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
	    opts | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);

	if (re == NULL) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		return lerr(L, n, "bad %s regex: %s at offset %lu", what, (const char *)msg,
		    (unsigned long)off);
	}
	/* No JIT here: value patterns get it from prepare_value() when a
	 * column first runs them; name and table patterns run once per
	 * distinct name (see struct name_memo), where machine code would cost
	 * more at start-up than it saves. */
	*out = re;
	return STW_OK;
}

static void
set_add(uint64_t *set, unsigned c)
{
	set[(c & 255) >> 6] |= (uint64_t)1 << (c & 63);
}

/* A code unit, in both ASCII cases: PCRE2 records a caseless literal by
 * one of its cases. */
static void
set_add_cases(uint64_t *set, unsigned c)
{
	set_add(set, c);
	if (c >= 'a' && c <= 'z')
		set_add(set, c - 32);
	else if (c >= 'A' && c <= 'Z')
		set_add(set, c + 32);
}

/* The possible first code units of matches of re, into ru->first. */
static void
first_units(struct rule *ru, const pcre2_code *re)
{
	uint32_t u = 0, type = 0;
	const uint8_t *map = NULL;

	if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type) == 0) {
		if (type == 1 && pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &u) == 0) {
			set_add_cases(ru->first, u);
			ru->has_first = 1;
		} else if (type == 0 && pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &map) == 0 &&
		    map != NULL) {
			for (unsigned c = 0; c < 256; c++)
				if (map[c / 8] & (1u << (c % 8)))
					set_add(ru->first, c);
			ru->has_first = 1;
		}
	}
}

/* Reads necessary conditions off the compiled value pattern, so that most
 * values never reach the regex engine: the minimum match length (in
 * characters, so a value with fewer bytes cannot match); the rightmost
 * literal every match contains; and the set of possible first code units.
 * These are the facts pcre2_match uses to skip start positions; here they
 * skip the call.  PCRE2 reports the first units only for unanchored
 * patterns, so a whole-value rule's first units wait for
 * derive_first_anchored(); the rest is read as the pack loads, since the
 * byte sets must be numbered before any value is looked at. */
static void
derive_filters(struct rule *ru)
{
	uint32_t u = 0, type = 0;

	if (pcre2_pattern_info(ru->value_re, PCRE2_INFO_MINLENGTH, &u) == 0)
		ru->re_minlen = u;
	if (pcre2_pattern_info(ru->value_re, PCRE2_INFO_LASTCODETYPE, &type) == 0 && type == 1 &&
	    pcre2_pattern_info(ru->value_re, PCRE2_INFO_LASTCODEUNIT, &u) == 0) {
		set_add_cases(ru->req, u);
		ru->has_req = 1;
	}
	if (ru->free_text)
		first_units(ru, ru->value_re);
}

/* A whole-value rule's first units, from its pattern compiled once more
 * without anchoring: any anchored match is also an unanchored match
 * starting at offset 0.  Checked on the value's first byte only, so it
 * can wait for prepare_value(). */
static void
derive_first_anchored(struct rule *ru)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *probe;

	if (ru->free_text)
		return;
	probe = pcre2_compile((PCRE2_SPTR)ru->value_src, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);
	if (probe == NULL)
		return;
	first_units(ru, probe);
	pcre2_code_free(probe);
}

/* Gets a value rule ready to run on values: its pattern compiled to
 * machine code (PCRE2 JIT; without it pcre2_match interprets the same
 * pattern) and the first-byte filter of derive_first_anchored().
 * Patterns are compiled as a pack loads, so that a bad one is reported
 * with its file position, but this part waits until a column first runs
 * the rule: a scan runs a handful of the value rules, and JIT-compiling
 * all of them was a quarter of steward's start-up.  Scan threads share
 * the rules: the first to need a rule prepares it under the lock and
 * publishes it with release order; the others see `ready` and go on.  Not on the per-value path: called
 * from stw_tclass_begin() for each column a rule will run on. */
static void
prepare_value(const struct stw_rules *r, struct rule *ru)
{
	uint32_t u = 0;

	if (atomic_load_explicit(&ru->ready, memory_order_acquire))
		return;
	pthread_mutex_lock(r->prep_lock);
	if (!atomic_load_explicit(&ru->ready, memory_order_relaxed)) {
		(void)pcre2_jit_compile(ru->value_re, PCRE2_JIT_COMPLETE);
		ru->value_jit = pcre2_pattern_info(ru->value_re, PCRE2_INFO_JITSIZE, &u) == 0 && u > 0;
		derive_first_anchored(ru);
		atomic_store_explicit(&ru->ready, 1, memory_order_release);
	}
	pthread_mutex_unlock(r->prep_lock);
}

static enum stw_sensitivity
sens_parse(const char *s)
{
	static const char *const names[] = { "quasi", "personal", "high", "special" };

	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum stw_sensitivity)(STW_SENS_QUASI + i);
	return STW_SENS_NONE;
}

static int
valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
		    *s == '.'))
			return 0;
	return 1;
}

static int
load_rule(struct loader *L, yaml_node_t *node)
{
	struct rule *ru;
	yaml_node_t *kn[32] = { 0 };       /* value node per key, for later messages */
	enum { K_ID, K_CAT, K_SENS, K_NAME, K_NEXCL, K_TABLE, K_VALUE, K_VALID, K_RATIO, K_CONF,
		K_FREE, K_ALONE, K_PRE, K_MASK, K_MINLEN, K_MAXLEN, K_MINDIG, K_EX, K_DESC, K_SUBJ, K_N };
	static const char *const keys[K_N] = { "id", "category", "sensitivity", "name",
		"name_exclude", "table", "value", "validate", "min_ratio", "confidence", "free_text",
		"value_alone", "prefilter", "mask", "min_length", "max_length", "min_digits",
		"examples", "description", "subject" };
	int rc = STW_OK;

	if (node->type != YAML_MAPPING_NODE)
		return lerr(L, node, "a rule must be a mapping (id, category, sensitivity, ...)");
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
		const char *ks = scalar(k);
		int i;
		for (i = 0; i < K_N; i++)
			if (ks != NULL && strcmp(ks, keys[i]) == 0)
				break;
		if (i == K_N)
			return lerr(L, k, "unknown rule key '%s'", ks ? ks : "?");
		if (kn[i] != NULL)
			return lerr(L, k, "rule key '%s' given twice", ks);
		kn[i] = yaml_document_get_node(L->doc, p->value);
	}
	if (kn[K_ID] == NULL)
		return lerr(L, node, "rule has no 'id'");

	ru = stw_calloc(1, sizeof(*ru));
	ru->pack = stw_strdup(L->pack);
	ru->file = stw_strdup(L->file);
	ru->line = (int)node->start_mark.line + 1;
	ru->col = (int)node->start_mark.column + 1;
	ru->value_alone = 1;
	ru->confidence = DEF_NAME_CONF;
	ru->min_ratio = -1;

#define TRY(x) do { if ((rc = (x)) != STW_OK) goto fail; } while (0)
	TRY(get_string(L, kn[K_ID], "id", &ru->id));
	if (!valid_id(ru->id)) {
		rc = lerr(L, kn[K_ID], "rule id '%s' must be lower-case letters, digits, '_', '-' or '.'",
		    ru->id);
		goto fail;
	}
	for (size_t i = 0; i < L->r->n; i++) {
		const struct rule *o = L->r->rules[i];
		if (strcmp(o->id, ru->id) == 0) {
			rc = lerr(L, kn[K_ID], "duplicate rule id '%s' (first defined at %s:%d:%d)", ru->id,
			    o->file, o->line, o->col);
			goto fail;
		}
	}
	if (kn[K_CAT] == NULL) {
		rc = lerr(L, node, "rule '%s' has no 'category'", ru->id);
		goto fail;
	}
	TRY(get_string(L, kn[K_CAT], "category", &ru->category));
	if (stw_taxonomy_find(ru->category) == NULL) {
		rc = lerr(L, kn[K_CAT], "rule '%s': unknown category '%s' (not in the fideslang taxonomy)",
		    ru->id, ru->category);
		goto fail;
	}
	if (kn[K_SENS] == NULL) {
		rc = lerr(L, node, "rule '%s' has no 'sensitivity'", ru->id);
		goto fail;
	}
	{
		const char *s = scalar(kn[K_SENS]);
		if (s == NULL || (ru->sens = sens_parse(s)) == STW_SENS_NONE) {
			rc = lerr(L, kn[K_SENS], "rule '%s': sensitivity must be special, high, personal or "
			    "quasi, not '%s'", ru->id, s ? s : "?");
			goto fail;
		}
	}
	if (kn[K_DESC])
		TRY(get_string(L, kn[K_DESC], "description", &ru->description));
	if (kn[K_FREE])
		TRY(get_bool(L, kn[K_FREE], "free_text", &ru->free_text));
	if (kn[K_ALONE])
		TRY(get_bool(L, kn[K_ALONE], "value_alone", &ru->value_alone));
	if (kn[K_NAME]) {
		TRY(get_string(L, kn[K_NAME], "name", &ru->name_src));
		/* Compiled alone first, so errors point into what the
		 * author wrote and a stray ')' cannot escape the wrapper.
		 * Built-in packs skip this check at run time: their files pass
		 * it in the tests (tests/cli/rules.sh loads rules/packs/ from
		 * disk). */
		if (!L->builtin) {
			TRY(compile_re(L, kn[K_NAME], "name", ru->name_src, PCRE2_CASELESS,
			    &ru->name_re));
			pcre2_code_free(ru->name_re);
			ru->name_re = NULL;
		}
		char *wrapped = stw_asprintf(NAME_WRAP_HEAD "%s" NAME_WRAP_TAIL, ru->name_src);
		rc = compile_re(L, kn[K_NAME], "name", wrapped, PCRE2_CASELESS, &ru->name_re);
		free(wrapped);
		if (rc != STW_OK)
			goto fail;
	}
	if (kn[K_NEXCL]) {
		TRY(get_string(L, kn[K_NEXCL], "name_exclude", &ru->name_excl_src));
		TRY(compile_re(L, kn[K_NEXCL], "name_exclude", ru->name_excl_src, PCRE2_CASELESS,
		    &ru->name_excl_re));
	}
	if (kn[K_TABLE]) {
		TRY(get_string(L, kn[K_TABLE], "table", &ru->table_src));
		TRY(compile_re(L, kn[K_TABLE], "table", ru->table_src, PCRE2_CASELESS, &ru->table_re));
	}
	if (kn[K_VALUE]) {
		TRY(get_string(L, kn[K_VALUE], "value", &ru->value_src));
		/* Whole-value rules must match all of the (trimmed) value. */
		TRY(compile_re(L, kn[K_VALUE], "value", ru->value_src,
		    ru->free_text ? 0 : (PCRE2_ANCHORED | PCRE2_ENDANCHORED), &ru->value_re));
		derive_filters(ru);
	}
	if (ru->name_re == NULL && ru->value_re == NULL) {
		rc = lerr(L, node, "rule '%s' needs a 'name' or a 'value' pattern", ru->id);
		goto fail;
	}
	if (ru->free_text && ru->value_re == NULL) {
		rc = lerr(L, kn[K_FREE], "rule '%s': free_text needs a 'value' pattern", ru->id);
		goto fail;
	}
	if (kn[K_VALID]) {
		const char *s = scalar(kn[K_VALID]);
		if (s == NULL || (ru->validator = stw_validator_find(s)) == NULL) {
			struct stw_buf names = STW_BUF_INIT;
			for (const struct stw_validator *v = stw_validators; v->name; v++)
				stw_buf_addf(&names, "%s%s", v == stw_validators ? "" : ", ", v->name);
			rc = lerr(L, kn[K_VALID], "rule '%s': unknown validator '%s' (known: %s)", ru->id,
			    s ? s : "?", names.buf);
			stw_buf_release(&names);
			goto fail;
		}
		if (ru->validator->fn != NULL && ru->value_re == NULL) {
			rc = lerr(L, kn[K_VALID], "rule '%s': 'validate' needs a 'value' pattern", ru->id);
			goto fail;
		}
	}
	if (kn[K_RATIO])
		TRY(get_number(L, kn[K_RATIO], "min_ratio", 0.001, 1.0, &ru->min_ratio));
	else
		ru->min_ratio = ru->free_text ? DEF_FREE_TEXT_RATIO : DEF_MIN_RATIO;
	if (kn[K_CONF])
		TRY(get_number(L, kn[K_CONF], "confidence", 0.05, 0.99, &ru->confidence));
	if (kn[K_PRE]) {
		TRY(get_string(L, kn[K_PRE], "prefilter", &ru->prefilter));
		if (*ru->prefilter == '\0') {
			rc = lerr(L, kn[K_PRE], "rule '%s': 'prefilter' must list at least one character", ru->id);
			goto fail;
		}
		for (const char *c = ru->prefilter; *c; c++) {
			unsigned char b = (unsigned char)*c;
			ru->need_any[b >> 6] |= (uint64_t)1 << (b & 63);
		}
		ru->has_need_any = 1;
	}
	if (kn[K_MASK]) {
		TRY(get_string(L, kn[K_MASK], "mask", &ru->mask));
		size_t i;
		for (i = 0; mask_styles[i]; i++)
			if (strcmp(mask_styles[i], ru->mask) == 0)
				break;
		if (mask_styles[i] == NULL) {
			rc = lerr(L, kn[K_MASK], "rule '%s': unknown mask '%s' (email, card, phone, iban, "
			    "generic, none)", ru->id, ru->mask);
			goto fail;
		}
	}
	if (kn[K_MINLEN])
		TRY(get_int(L, kn[K_MINLEN], "min_length", &ru->min_length));
	if (kn[K_MAXLEN])
		TRY(get_int(L, kn[K_MAXLEN], "max_length", &ru->max_length));
	if (kn[K_MINDIG])
		TRY(get_int(L, kn[K_MINDIG], "min_digits", &ru->min_digits));
	if (kn[K_EX])
		TRY(get_examples(L, kn[K_EX], ru));
	if (kn[K_SUBJ]) {
		struct stw_strv sv = STW_STRV_INIT;
		struct stw_buf src = STW_BUF_INIT;

		/* A subject is known only after every table was classified, so
		 * such a rule decides by the column name alone. */
		if (ru->value_re != NULL || ru->name_re == NULL) {
			rc = lerr(L, kn[K_SUBJ], "rule '%s': a rule with 'subject' decides by the column "
			    "name alone: give 'name' and no 'value'", ru->id);
			goto fail;
		}
		if (kn[K_SUBJ]->type == YAML_SCALAR_NODE)
			stw_strv_push(&sv, scalar(kn[K_SUBJ]));
		else if ((rc = get_list(L, kn[K_SUBJ], "subject", &sv)) != STW_OK)
			goto fail;
		for (size_t i = 0; i < sv.n; i++) {
			enum stw_subject_kind k;

			if (stw_subject_parse(&k, sv.v[i]) != STW_OK || k == STW_SUBJ_UNKNOWN) {
				rc = lerr(L, kn[K_SUBJ], "rule '%s': unknown subject '%s' (person, "
				    "person_event, organisation or reference)", ru->id, sv.v[i]);
				stw_strv_clear(&sv);
				stw_buf_release(&src);
				goto fail;
			}
			ru->subjects |= 1u << k;
			stw_buf_addf(&src, "%s%s", i ? ", " : "", sv.v[i]);
		}
		stw_strv_clear(&sv);
		if (ru->subjects == 0) {
			stw_buf_release(&src);
			rc = lerr(L, kn[K_SUBJ], "rule '%s': 'subject' lists no subject", ru->id);
			goto fail;
		}
		ru->subjects_src = stw_buf_detach(&src);
	}
#undef TRY
	stw_grow(&L->r->rules, &L->r->alloc, L->r->n, sizeof(*L->r->rules));
	L->r->rules[L->r->n++] = ru;
	return STW_OK;
fail:
	rule_free(ru);
	return rc;
}

static int
add_text(struct stw_rules *r, const char *pack, const char *file, const char *text,
    size_t len, int builtin, struct stw_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct loader L = { r, pack, file, &doc, err, builtin };
	int rc = STW_OK;
	size_t before = r->n;

	if (r->compiled)
		return stw_error(err, STW_EUSAGE, "cannot add '%s': rules already compiled", file);
	if (!builtin && (rc = stw_yaml_check_limits(text, len, file, err)) != STW_OK)
		return rc;
	if (!yaml_parser_initialize(&parser))
		STW_BUG("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		size_t line = parser.problem_mark.line + 1, col = parser.problem_mark.column + 1;

		/* Reader errors (a NUL, bad UTF-8) carry a byte offset, not a mark. */
		if (parser.error == YAML_READER_ERROR)
			stw_text_pos(text, len, parser.problem_offset, &line, &col);
		rc = stw_error(err, STW_EUSAGE, "%s:%lu:%lu: bad YAML: %s%s%s", file,
		    (unsigned long)line, (unsigned long)col,
		    parser.problem ? parser.problem : "parse error",
		    parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return rc;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root == NULL) {
		rc = stw_error(err, STW_EUSAGE, "%s:1:1: empty rule pack", file);
		goto out;
	}
	/* A pack is a list of rules, or a mapping with a 'rules' list (and
	 * an optional 'description'). */
	yaml_node_t *list = root;
	if (root->type == YAML_MAPPING_NODE) {
		list = NULL;
		for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(&doc, p->key);
			const char *ks = scalar(k);
			if (ks != NULL && strcmp(ks, "rules") == 0)
				list = yaml_document_get_node(&doc, p->value);
			else if (ks == NULL || strcmp(ks, "description") != 0) {
				rc = lerr(&L, k, "unknown key '%s' in a rule pack (rules, description)",
				    ks ? ks : "?");
				goto out;
			}
		}
		if (list == NULL) {
			rc = lerr(&L, root, "rule pack has no 'rules' list");
			goto out;
		}
	}
	if (list->type != YAML_SEQUENCE_NODE) {
		rc = lerr(&L, list, "a rule pack must be a list of rules");
		goto out;
	}
	for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++)
		if ((rc = load_rule(&L, yaml_document_get_node(&doc, *it))) != STW_OK)
			break;
out:
	if (rc != STW_OK) {
		/* All or nothing: a bad pack adds no rules. */
		while (r->n > before)
			rule_free(r->rules[--r->n]);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

int
stw_rules_add_text(struct stw_rules *r, const char *pack, const char *file, const char *text,
    size_t len, struct stw_err *err)
{
	return add_text(r, pack, file, text, len, 0, err);
}

int
stw_rules_builtin_check(const char *pack, struct stw_err *err)
{
	for (const struct stw_builtin_pack *b = stw_builtin_packs; b->name != NULL; b++)
		if (strcmp(b->name, pack) == 0)
			return STW_OK;
	return stw_error(err, STW_ENOTFOUND, "no built-in rule pack '%s'", pack);
}

int
stw_rules_add_builtin(struct stw_rules *r, const char *pack, struct stw_err *err)
{
	for (const struct stw_builtin_pack *b = stw_builtin_packs; b->name != NULL; b++) {
		if (strcmp(b->name, pack) != 0)
			continue;
		if (stw_strv_has(&r->packs, pack))
			return STW_OK;         /* adding a pack twice is harmless */
		int rc = add_text(r, b->name, b->file, b->text, strlen(b->text), 1, err);
		if (rc == STW_OK)
			stw_strv_push(&r->packs, pack);
		return rc;
	}
	return stw_rules_builtin_check(pack, err);
}

const char *
stw_rules_builtin_name(size_t i)
{
	for (size_t k = 0; stw_builtin_packs[k].name != NULL; k++)
		if (k == i)
			return stw_builtin_packs[k].name;
	return NULL;
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcmp(s + n - m, suf) == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
add_file(struct stw_rules *r, const char *path, struct stw_err *err)
{
	char *text = NULL, *pack;
	size_t len = 0;
	int rc = stw_read_file_max(&text, &len, path, STW_YAML_MAX_BYTES, err);

	if (rc != STW_OK)
		return rc == STW_ENOTFOUND ? stw_error(err, STW_EUSAGE, "cannot read rule pack '%s': %s",
		    path, err->msg) : rc;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	pack = stw_strdup(base);
	char *dot = strrchr(pack, '.');
	if (dot != NULL && dot != pack)
		*dot = '\0';
	rc = stw_rules_add_text(r, pack, path, text, len, err);
	free(pack);
	free(text);
	return rc;
}

int
stw_rules_add_path(struct stw_rules *r, const char *path, struct stw_err *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return stw_error(err, STW_ENOTFOUND, "cannot read rule pack '%s': no such file or directory",
		    path);
	if (!S_ISDIR(st.st_mode))
		return add_file(r, path, err);

	DIR *d = opendir(path);
	struct stw_strv files = STW_STRV_INIT;
	struct dirent *de;
	int rc = STW_OK;

	if (d == NULL)
		return stw_error(err, STW_EUSAGE, "cannot open rule directory '%s'", path);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !(has_suffix(de->d_name, ".yaml") || has_suffix(de->d_name, ".yml")))
			continue;
		stw_strv_push_owned(&files, stw_asprintf("%s/%s", path, de->d_name));
	}
	closedir(d);
	/* Directory order is arbitrary; load order decides rule order. */
	if (files.n > 1)
		qsort(files.v, files.n, sizeof(*files.v), cmp_str);
	for (size_t i = 0; i < files.n && rc == STW_OK; i++)
		rc = add_file(r, files.v[i], err);
	stw_strv_clear(&files);
	return rc;
}

int
stw_rules_disable(struct stw_rules *r, const char *id, struct stw_err *err)
{
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->rules[i]->id, id) == 0) {
			r->rules[i]->disabled = 1;
			return STW_OK;
		}
	}
	return stw_error(err, STW_ENOTFOUND, "cannot disable rule '%s': no such rule", id);
}

/* Numbers the distinct byte sets the enabled value rules test a value
 * against (prefilter, required literal, a free-text rule's first units),
 * up to 64, and records in byte_class[] which sets hold each byte, so that
 * value_shape() gets a value's sets in one pass.  A set past the 64th is
 * not tested: prefilters only spare the regex work, so a rule without one
 * gives the same answers (tests/unit/test_rules_prefilter.c). */
static void
assign_classes(struct stw_rules *r)
{
	const uint64_t *sets[64];
	size_t nsets = 0;

	memset(r->byte_class, 0, sizeof(r->byte_class));
	for (size_t v = 0; v < r->nv; v++) {
		struct rule *ru = r->vrules[v];
		struct { const uint64_t *set; int on; uint64_t *bit; } want[3] = {
			{ ru->need_any, ru->has_need_any, &ru->need_bit },
			{ ru->req, ru->has_req, &ru->req_bit },
			{ ru->first, ru->free_text && ru->has_first, &ru->first_bit },
		};
		for (int w = 0; w < 3; w++) {
			size_t id;
			*want[w].bit = 0;
			if (!want[w].on)
				continue;
			for (id = 0; id < nsets; id++)
				if (memcmp(sets[id], want[w].set, 4 * sizeof(uint64_t)) == 0)
					break;
			if (id == nsets) {
				if (nsets == 64)
					continue;
				sets[nsets++] = want[w].set;
				for (unsigned c = 0; c < 256; c++)
					if (set_has(want[w].set, (unsigned char)c))
						r->byte_class[c] |= (uint64_t)1 << id;
			}
			*want[w].bit = (uint64_t)1 << id;
		}
	}
}

int
stw_rules_compile(struct stw_rules *r, struct stw_err *err)
{
	(void)err;
	/* Patterns were compiled as the packs were loaded, so that a bad
	 * regex is reported with its file position (JIT waits for
	 * prepare_value()); here the rule set is frozen and indexed. */
	free(r->vrules);
	free(r->vactive);
	free(r->active);
	memo_clear(r->memo);
	r->vrules = stw_calloc(r->n + 1, sizeof(*r->vrules));
	r->vactive = stw_calloc(r->n + 1, sizeof(*r->vactive));
	r->active = stw_calloc(r->n + 1, sizeof(*r->active));
	r->nv = r->nactive = 0;
	for (size_t i = 0; i < r->n; i++) {
		struct rule *ru = r->rules[i];
		if (ru->disabled)
			continue;
		if (ru->value_re != NULL) {
			r->vactive[r->nv] = r->nactive;
			r->vrules[r->nv++] = ru;
		}
		r->active[r->nactive++] = ru;
	}
	assign_classes(r);
	r->compiled = 1;
	return STW_OK;
}

/* ------------------------------------------------------------------ */
/* Introspection */

size_t
stw_rules_count(const struct stw_rules *r)
{
	return r->n;
}

void
stw_rules_info(const struct stw_rules *r, size_t i, struct stw_rule_info *o)
{
	const struct rule *ru = r->rules[i];

	STW_ASSERT(i < r->n);
	memset(o, 0, sizeof(*o));
	o->id = ru->id;
	o->category = ru->category;
	o->sensitivity = ru->sens;
	o->pack = ru->pack;
	o->file = ru->file;
	o->line = ru->line;
	o->col = ru->col;
	o->description = ru->description;
	o->name = ru->name_src;
	o->name_exclude = ru->name_excl_src;
	o->table = ru->table_src;
	o->value = ru->value_src;
	o->validate = ru->validator ? ru->validator->name : "none";
	o->validate_summary = ru->validator ? ru->validator->summary : "no check after the regex";
	o->prefilter = ru->prefilter;
	o->mask = ru->mask ? ru->mask : "generic";
	o->min_ratio = ru->min_ratio;
	o->confidence = ru->confidence;
	o->free_text = ru->free_text;
	o->value_alone = ru->value_alone;
	o->min_length = ru->min_length;
	o->max_length = ru->max_length;
	o->min_digits = ru->min_digits;
	o->disabled = ru->disabled;
	o->subjects = ru->subjects_src;
	o->names_match = &ru->nm;
	o->names_no_match = &ru->nn;
	o->values_match = &ru->vm;
	o->values_no_match = &ru->vn;
}

long
stw_rules_find(const struct stw_rules *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->rules[i]->id, id) == 0)
			return (long)i;
	return -1;
}

int
stw_rules_name_matches(const struct stw_rules *r, size_t i, const char *column)
{
	struct stw_buf norm = STW_BUF_INIT;
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	int hit;

	STW_ASSERT(i < r->n);
	stw_rules_normalize_name(&norm, column);
	hit = rule_name_hit(r->rules[i], norm.buf, norm.len, md);
	pcre2_match_data_free(md);
	stw_buf_release(&norm);
	return hit;
}

int
stw_rules_value_matches(const struct stw_rules *r, size_t i, const char *v, size_t len)
{
	struct rule *ru;
	size_t mb, me;
	int hit;

	STW_ASSERT(i < r->n);
	ru = r->rules[i];
	if (ru->value_re == NULL)
		return 0;
	prepare_value(r, ru);
	trim(&v, &len);
	if (len == 0)
		return 0;
	struct vshape sh;
	value_shape(&sh, r->byte_class, v, len);
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	hit = rule_value_hit(ru, v, len, &sh, md, &mb, &me);
	pcre2_match_data_free(md);
	return hit > 0;
}

int
stw_rules_value_matches_regex(const struct stw_rules *r, size_t i, const char *v, size_t len)
{
	struct rule *ru;
	size_t mb, me;
	int hit;

	STW_ASSERT(i < r->n);
	ru = r->rules[i];
	if (ru->value_re == NULL)
		return 0;
	prepare_value(r, ru);
	trim(&v, &len);
	if (len == 0)
		return 0;
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	hit = rule_regex_hit(ru, v, len, md, &mb, &me);
	pcre2_match_data_free(md);
	return hit > 0;
}

static void
fail_msg(void (*on_fail)(const char *, const char *, void *), void *payload, const char *id,
    const char *fmt, ...) STW_PRINTF(4, 5);

static void
fail_msg(void (*on_fail)(const char *, const char *, void *), void *payload, const char *id,
    const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (on_fail == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	on_fail(id, msg, payload);
}

void
stw_rules_test(const struct stw_rules *r, void (*on_fail)(const char *, const char *, void *),
    void *payload, size_t *passed, size_t *failed)
{
	*passed = *failed = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct rule *ru = r->rules[i];
		const char *loc = ru->file;
		if (ru->disabled)
			continue;
		if (ru->name_re != NULL && (ru->nm.n == 0 || ru->nn.n == 0)) {
			fail_msg(on_fail, payload, ru->id, "%s:%d:%d: rule has a name pattern but no "
			    "examples.names.match and no_match", loc, ru->line, ru->col);
			(*failed)++;
		}
		if (ru->value_re != NULL && (ru->vm.n == 0 || ru->vn.n == 0)) {
			fail_msg(on_fail, payload, ru->id, "%s:%d:%d: rule has a value pattern but no "
			    "examples.values.match and no_match", loc, ru->line, ru->col);
			(*failed)++;
		}
		for (int want = 1; want >= 0; want--) {
			const struct stw_strv *names = want ? &ru->nm : &ru->nn;
			const struct stw_strv *vals = want ? &ru->vm : &ru->vn;
			for (size_t k = 0; k < names->n; k++) {
				if (stw_rules_name_matches(r, i, names->v[k]) == want) {
					(*passed)++;
				} else {
					fail_msg(on_fail, payload, ru->id, "name '%s' should %smatch",
					    names->v[k], want ? "" : "not ");
					(*failed)++;
				}
			}
			for (size_t k = 0; k < vals->n; k++) {
				if (stw_rules_value_matches(r, i, vals->v[k], strlen(vals->v[k])) == want) {
					(*passed)++;
				} else {
					fail_msg(on_fail, payload, ru->id, "value '%s' should %smatch",
					    vals->v[k], want ? "" : "not ");
					(*failed)++;
				}
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* Per-table classification */

struct vstat {
	long long matched;
	char *example;                /* masked; never the raw value */
	int limited;                  /* the pattern hit a match limit: off for this column */
};

struct stw_tclass {
	const struct stw_rules *r;
	size_t ncols;
	unsigned char *want;          /* [ncols] */
	unsigned char *name_hit;      /* [ncols * nactive] */
	unsigned char *rule_ok;       /* [nactive]: rule applies to this table */
	long long *sampled;           /* [ncols]: non-empty values seen */
	struct vstat *vs;             /* [ncols * nv] */
	/* Per column, the value rules whose result can matter (indexes into
	 * r->vrules): a rule that passed the table filter and either makes
	 * findings from values alone or hit the column's name.  The others
	 * are never run: their value counts would not be read. */
	uint32_t *crules;       /* [ncols * nv] */
	uint32_t *ncrules;      /* [ncols] */
	/* With a bound on the values per column (stw_tclass_limit()): a rule
	 * that only values can decide drops off a column's list once its
	 * misses make min_ratio unreachable; dead_after[v] is that number of
	 * misses, or -1 for no bound. */
	long long limit;
	long long *dead_after;        /* [nv] */
	pcre2_match_data *md;
};

/* Date, time, boolean and floating-point columns: their values have a
 * fixed form of their own, so rules that decide from values alone (a
 * timestamp is all digits and separators, like a phone number) are not
 * run on them; rules whose name pattern hit the column still are (a
 * date_of_birth column's dates confirm its name). */
static int
fixed_form_type(const char *type)
{
	static const char *const first[] = { "date", "time", "timestamp", "timestamptz", "datetime",
		"datetime2", "datetimeoffset", "smalldatetime", "interval", "year", "bool", "boolean",
		"float", "double", "real", NULL };
	struct stw_buf b = STW_BUF_INIT;
	int hit = 0;

	if (type == NULL)
		return 0;
	stw_rules_normalize_name(&b, type);
	/* the first word part: "timestamp_without_time_zone", "double_precision",
	 * "float_8", "time_3" */
	size_t n = b.buf ? strcspn(b.buf, "_") : 0;
	for (size_t i = 0; first[i] && n > 0 && !hit; i++)
		hit = strlen(first[i]) == n && strncmp(b.buf, first[i], n) == 0;
	stw_buf_release(&b);
	return hit;
}

/* Binary columns hold no text worth matching. */
static int
binary_type(const char *type)
{
	static const char *const bin[] = { "blob", "bytea", "binary", "varbinary", "image", NULL };
	struct stw_buf b = STW_BUF_INIT;
	int hit = 0;

	if (type == NULL)
		return 0;
	stw_rules_normalize_name(&b, type);
	for (size_t i = 0; bin[i] && !hit; i++) {
		const char *p = b.buf;
		size_t n = strlen(bin[i]);
		while ((p = strstr(p, bin[i])) != NULL) {
			if ((p == b.buf || p[-1] == '_') && (p[n] == '\0' || p[n] == '_')) {
				hit = 1;
				break;
			}
			p++;
		}
	}
	stw_buf_release(&b);
	return hit;
}

/* Every active rule's name result for one normalised column name: from the
 * memo, or matched now (into fresh, and remembered while there is room). */
static const unsigned char *
name_hits(const struct stw_rules *r, const char *norm, size_t len, pcre2_match_data *md,
    unsigned char *fresh)
{
	struct name_memo *m = r->memo;
	size_t b = memo_hash(norm, len);
	struct memo_entry *e;

	pthread_mutex_lock(&m->lock);
	for (e = m->bucket[b]; e != NULL; e = e->next)
		if (e->len == len && memcmp(e->name, norm, len) == 0)
			break;
	pthread_mutex_unlock(&m->lock);
	if (e != NULL)
		return e->hits;               /* entries live until the rules change */

	for (size_t k = 0; k < r->nactive; k++)
		fresh[k] = (unsigned char)rule_name_hit(r->active[k], norm, len, md);

	pthread_mutex_lock(&m->lock);
	if (m->n < MEMO_MAX) {
		e = stw_malloc(sizeof(*e) + len + 1);
		memcpy(e->name, norm, len);
		e->name[len] = '\0';
		e->len = len;
		e->hits = stw_malloc(r->nactive + 1);
		memcpy(e->hits, fresh, r->nactive);
		e->next = m->bucket[b];
		m->bucket[b] = e;
		m->n++;
	}
	pthread_mutex_unlock(&m->lock);
	return fresh;
}

int
stw_tclass_begin(struct stw_tclass **out, const struct stw_rules *r, const struct stw_table *t,
    struct stw_err *err)
{
	struct stw_tclass *tc;
	struct stw_buf norm = STW_BUF_INIT;

	*out = NULL;
	if (r == NULL || !r->compiled)
		return stw_error(err, STW_EUSAGE, "rules not compiled");
	tc = stw_calloc(1, sizeof(*tc));
	tc->r = r;
	tc->ncols = t->ncolumns;
	tc->want = stw_calloc(tc->ncols + 1, 1);
	tc->name_hit = stw_calloc(tc->ncols * r->nactive + 1, 1);
	tc->rule_ok = stw_calloc(r->nactive + 1, 1);
	tc->sampled = stw_calloc(tc->ncols + 1, sizeof(*tc->sampled));
	tc->vs = stw_calloc(tc->ncols * r->nv + 1, sizeof(*tc->vs));
	tc->crules = stw_calloc(tc->ncols * r->nv + 1, sizeof(*tc->crules));
	tc->limit = -1;
	tc->dead_after = stw_calloc(r->nv + 1, sizeof(*tc->dead_after));
	for (size_t v = 0; v < r->nv; v++)
		tc->dead_after[v] = -1;
	tc->ncrules = stw_calloc(tc->ncols + 1, sizeof(*tc->ncrules));
	tc->md = pcre2_match_data_create(8, NULL);
	if (tc->md == NULL)
		STW_BUG("out of memory");

	stw_rules_normalize_name(&norm, t->name ? t->name : "");
	for (size_t k = 0; k < r->nactive; k++)
		/* Rules that need the table's subject run later, in
		 * stw_rules_apply_subject(). */
		tc->rule_ok[k] = (unsigned char)(r->active[k]->subjects == 0 &&
		    rule_table_ok(r->active[k], norm.buf, norm.len, tc->md));
	unsigned char *fresh = stw_calloc(r->nactive + 1, 1);
	for (size_t c = 0; c < tc->ncols; c++) {
		const struct stw_column *col = t->columns[c];
		stw_rules_normalize_name(&norm, col->name ? col->name : "");
		const unsigned char *hits = name_hits(r, norm.buf ? norm.buf : "", norm.len, tc->md, fresh);
		for (size_t k = 0; k < r->nactive; k++)
			tc->name_hit[c * r->nactive + k] = (unsigned char)(tc->rule_ok[k] && hits[k]);
		int fixed = fixed_form_type(col->type);
		for (size_t v = 0; v < r->nv; v++) {
			size_t k = r->vactive[v];
			if (tc->rule_ok[k] && ((r->active[k]->value_alone && !fixed) ||
			    tc->name_hit[c * r->nactive + k])) {
				tc->crules[c * r->nv + tc->ncrules[c]++] = (uint32_t)v;
				prepare_value(r, r->vrules[v]);
			}
		}
		tc->want[c] = tc->ncrules[c] > 0 && !binary_type(col->type);
	}
	free(fresh);
	stw_buf_release(&norm);
	*out = tc;
	return STW_OK;
}

void
stw_tclass_limit(struct stw_tclass *tc, long long max_values)
{
	if (tc == NULL || max_values < 0)
		return;
	tc->limit = max_values;
	/* With s <= L non-empty values of which M missed, the ratio is at
	 * most (L - M) / L, below min_ratio once M > (1 - min_ratio) L; one
	 * more miss of margin keeps floating-point rounding on the safe side. */
	for (size_t v = 0; v < tc->r->nv; v++)
		tc->dead_after[v] = (long long)((1.0 - tc->r->vrules[v]->min_ratio) * (double)max_values) + 1;
}

int
stw_tclass_wants(const struct stw_tclass *tc, size_t col)
{
	return tc != NULL && col < tc->ncols && tc->want[col];
}

void
stw_tclass_value(struct stw_tclass *tc, size_t col, const char *v, size_t len)
{
	const struct stw_rules *r;

	if (tc == NULL || v == NULL || col >= tc->ncols || !tc->want[col])
		return;
	r = tc->r;
	if (len > MAX_VALUE)
		len = MAX_VALUE;
	trim(&v, &len);
	if (len == 0)
		return;                    /* empty strings say nothing */
	if (tc->limit >= 0 && tc->sampled[col] >= tc->limit)
		return;                    /* past the promised bound: not counted */
	long long seen = ++tc->sampled[col];
	struct vshape sh;
	value_shape(&sh, r->byte_class, v, len);
	struct vstat *vs = tc->vs + col * r->nv;
	uint32_t *cr = tc->crules + col * r->nv;
	const unsigned char *named = tc->name_hit + col * r->nactive;
	for (size_t i = 0; i < tc->ncrules[col]; i++) {
		size_t k = cr[i];
		const struct rule *ru = r->vrules[k];
		size_t mb, me;
		int hit = rule_value_hit(ru, v, len, &sh, tc->md, &mb, &me);

		if (hit < 0) {
			/* A runaway pattern: off for this column, and said so. */
			vs[k].limited = 1;
			cr[i--] = cr[--tc->ncrules[col]];
			continue;
		}
		if (!hit) {
			/* Every value so far was tried on this rule, so its misses
			 * are seen - matched.  Past dead_after it cannot reach
			 * min_ratio; without a name hit its count is never read. */
			if (tc->dead_after[k] >= 0 && seen - vs[k].matched > tc->dead_after[k] &&
			    !named[r->vactive[k]]) {
				cr[i--] = cr[--tc->ncrules[col]];
			}
			continue;
		}
		vs[k].matched++;
		if (vs[k].example == NULL)
			vs[k].example = stw_rules_mask(ru->mask ? ru->mask : "generic", v + mb, me - mb);
	}
}

/* A finding being decided, before it goes into the inventory. */
struct cand {
	const struct rule *ru;
	enum stw_evidence ev;
	double conf;
	long long matched, sampled;
	const char *example;
	int dropped;
};

static int
ancestor_of(const char *a, const char *b)
{
	size_t n = strlen(a);
	return strncmp(a, b, n) == 0 && b[n] == '.';
}

static int
better(const struct cand *a, const struct cand *b)
{
	if (a->ru->free_text != b->ru->free_text)
		return !a->ru->free_text;
	return a->conf > b->conf;
}

static double
clamp(double x)
{
	return x > 0.99 ? 0.99 : x < 0.01 ? 0.01 : x;
}

int
stw_tclass_finish(struct stw_tclass *tc, struct stw_table *t, int show_examples, struct stw_err *err)
{
	const struct stw_rules *r = tc->r;
	struct cand *cands = stw_calloc(r->nactive + 1, sizeof(*cands));

	(void)err;
	for (size_t c = 0; c < tc->ncols && c < t->ncolumns; c++) {
		size_t nc = 0, vk = 0;
		long long sampled = tc->sampled[c];
		for (size_t k = 0; k < r->nactive; k++) {
			const struct rule *ru = r->active[k];
			int name = tc->name_hit[c * r->nactive + k];
			const struct vstat *vs = NULL;
			if (ru->value_re != NULL) {
				while (r->vrules[vk] != ru)
					vk++;
				vs = tc->vs + c * r->nv + vk;
			}
			if (!tc->rule_ok[k])
				continue;
			long long matched = vs ? vs->matched : 0;
			double ratio = sampled > 0 ? (double)matched / (double)sampled : 0.0;
			int value_ok = vs != NULL && matched > 0 && ratio >= ru->min_ratio;
			struct cand cd = { ru, 0, 0, matched, sampled, vs ? vs->example : NULL, 0 };
			double vconf = ru->free_text ? 0.5 + 0.4 * ratio
			    : 0.6 + 0.35 * ratio + (ru->validator && ru->validator->fn ? 0.04 : 0.0);

			if (name && value_ok) {
				cd.ev = STW_EVID_BOTH;
				cd.conf = 1.0 - (1.0 - ru->confidence) * (1.0 - vconf);
			} else if (value_ok && ru->value_alone) {
				cd.ev = STW_EVID_VALUE;
				cd.conf = vconf;
			} else if (name) {
				cd.ev = STW_EVID_NAME;
				cd.conf = ru->confidence;
				if (vs != NULL && sampled > 0) {
					/* Values speak against the name.  A reliable value
					 * pattern with no match at all over enough values
					 * drops the finding; otherwise it is kept, with
					 * half the confidence. */
					if (matched == 0 && sampled >= CONTRADICT_MIN && ru->value_alone)
						continue;
					cd.conf *= 0.5;
				}
			} else {
				continue;
			}
			cd.conf = clamp(cd.conf);
			cands[nc++] = cd;
		}
		/* A column whose values are of one kind as a whole (cards,
		 * e-mails) is not free text: drop free-text candidates. */
		int whole = 0;
		for (size_t a = 0; a < nc; a++)
			whole |= !cands[a].ru->free_text && cands[a].ev != STW_EVID_NAME;
		for (size_t a = 0; a < nc && whole; a++)
			if (cands[a].ru->free_text)
				cands[a].dropped = 1;
		/* One finding per category; a specific category beats its
		 * ancestor; whole-value rules beat free-text ones. */
		for (size_t a = 0; a < nc; a++) {
			for (size_t b = 0; b < nc; b++) {
				if (a == b || cands[a].dropped || cands[b].dropped)
					continue;
				const char *ca = cands[a].ru->category, *cb = cands[b].ru->category;
				if (strcmp(ca, cb) == 0) {
					if (better(&cands[b], &cands[a]) ||
					    (!better(&cands[a], &cands[b]) && b < a))
						cands[a].dropped = 1;
				} else if (ancestor_of(ca, cb)) {
					cands[a].dropped = 1;
				}
			}
		}
		struct stw_column *col = t->columns[c];
		for (size_t a = 0; a < nc; a++) {
			const struct cand *cd = &cands[a];
			if (cd->dropped)
				continue;
			struct stw_finding *f = stw_column_add_finding(col, cd->ru->id, cd->ru->category,
			    cd->ru->sens);
			f->evidence = cd->ev;
			f->confidence = (double)(int)(cd->conf * 100.0 + 0.5) / 100.0;
			f->matched = cd->matched;
			f->sampled = cd->sampled;
			if (show_examples && cd->ev != STW_EVID_NAME && cd->example != NULL)
				f->example = stw_strdup(cd->example);
		}
		for (size_t k = 0; k < r->nv; k++)
			if (tc->vs[c * r->nv + k].limited)
				stw_column_add_dismissed(col, r->vrules[k]->id, r->vrules[k]->category,
				    "its value pattern hit the regex engine's match limit on a sampled value "
				    "(catastrophic backtracking), so the rule was turned off for this column");
	}
	free(cands);
	return STW_OK;
}

void
stw_tclass_free(struct stw_tclass *tc)
{
	if (tc == NULL)
		return;
	for (size_t i = 0; i < tc->ncols * tc->r->nv; i++)
		free(tc->vs[i].example);
	free(tc->vs);
	free(tc->crules);
	free(tc->ncrules);
	free(tc->dead_after);
	free(tc->want);
	free(tc->name_hit);
	free(tc->rule_ok);
	free(tc->sampled);
	pcre2_match_data_free(tc->md);
	free(tc);
}

int
stw_rules_apply_subject(const struct stw_rules *r, struct stw_table *t, enum stw_subject_kind kind)
{
	struct stw_buf norm = STW_BUF_INIT;
	pcre2_match_data *md;
	int added = 0;

	if (r == NULL || !r->compiled || t == NULL)
		return 0;
	md = pcre2_match_data_create(8, NULL);
	if (md == NULL)
		STW_BUG("out of memory");
	stw_rules_normalize_name(&norm, t->name ? t->name : "");
	for (size_t k = 0; k < r->nactive; k++) {
		const struct rule *ru = r->active[k];

		if ((ru->subjects & (1u << kind)) == 0 || !rule_table_ok(ru, norm.buf, norm.len, md))
			continue;
		for (size_t c = 0; c < t->ncolumns; c++) {
			struct stw_column *col = t->columns[c];
			struct stw_buf cn = STW_BUF_INIT;
			int hit;

			/* Fills a gap: a column that already says something of
			 * itself, or that a decision or dismissal settled, keeps it. */
			if (col->nfindings > 0 || col->ndismissed > 0 || col->decision != NULL)
				continue;
			stw_rules_normalize_name(&cn, col->name ? col->name : "");
			hit = rule_name_hit(ru, cn.buf, cn.len, md);
			stw_buf_release(&cn);
			if (!hit)
				continue;
			struct stw_finding *f = stw_column_add_finding(col, ru->id, ru->category, ru->sens);
			f->evidence = STW_EVID_NAME;
			f->confidence = ru->confidence;
			f->note = stw_note_take(stw_asprintf("rule '%s' applies in tables of subject %s",
			    ru->id, ru->subjects_src));
			added++;
		}
	}
	pcre2_match_data_free(md);
	stw_buf_release(&norm);
	return added;
}

void
stw_rules_pcre2_version(char *out, size_t n)
{
	char v[64] = "";
	uint32_t jit = 0;

	(void)pcre2_config(PCRE2_CONFIG_VERSION, v);
	(void)pcre2_config(PCRE2_CONFIG_JIT, &jit);
	snprintf(out, n, "PCRE2 %s (JIT %s)", v[0] ? v : "unknown", jit ? "on" : "off");
}
