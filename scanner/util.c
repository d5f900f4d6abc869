/* Checked allocation, the string builder and string lists. */
#include "util.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char stw_buf_empty[1];

void *
stw_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		STW_BUG("out of memory allocating %zu bytes", n);
	return p;
}

void *
stw_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		STW_BUG("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

void *
stw_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		STW_BUG("out of memory reallocating %zu bytes", n);
	return q;
}

char *
stw_strdup(const char *s)
{
	return s == NULL ? NULL : stw_strndup(s, strlen(s));
}

void
stw_wipe(void *p, size_t n)
{
	volatile unsigned char *q = p;

	if (q == NULL)
		return;
	while (n--)
		*q++ = 0;
}

void
stw_free_secret(char *s)
{
	if (s == NULL)
		return;
	stw_wipe(s, strlen(s));
	free(s);
}

char *
stw_strndup(const char *s, size_t n)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = stw_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
stw_asprintf(const char *fmt, ...)
{
	struct stw_buf b = STW_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	stw_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return stw_buf_detach(&b);
}

void
stw_grow(void *arr_ptr, size_t *alloc, size_t n, size_t sz)
{
	void **arr = arr_ptr;
	size_t na;

	if (n < *alloc)
		return;
	/* from 2: most lists of an inventory (a column's findings, a
	 * table's foreign keys, a subject's evidence) hold one or two, and
	 * 100,000 tables hold a million of them */
	na = *alloc ? *alloc * 2 : 2;
	while (na <= n)
		na *= 2;
	*arr = stw_realloc(*arr, na * sz);
	*alloc = na;
}

void
stw_grow32(void *arr_ptr, uint32_t *alloc, size_t n, size_t sz)
{
	size_t a = *alloc;

	if (n >= UINT32_MAX)
		STW_BUG("a list of %zu items", n);
	stw_grow(arr_ptr, &a, n, sz);
	*alloc = a > UINT32_MAX ? UINT32_MAX : (uint32_t)a;
}

void
stw_buf_init(struct stw_buf *b, size_t limit)
{
	b->buf = stw_buf_empty;
	b->len = b->alloc = 0;
	b->limit = limit;
	b->toobig = 0;
}

void
stw_buf_release(struct stw_buf *b)
{
	size_t limit = b->limit;

	if (b->alloc)
		free(b->buf);
	stw_buf_init(b, limit);
}

void
stw_buf_reset(struct stw_buf *b)
{
	b->len = 0;
	b->toobig = 0;
	if (b->alloc)
		b->buf[0] = '\0';
}

char *
stw_buf_detach(struct stw_buf *b)
{
	char *s = b->alloc ? b->buf : stw_strdup("");

	stw_buf_init(b, b->limit);
	return s;
}

static int
reserve(struct stw_buf *b, size_t extra)
{
	size_t need;

	if (b->limit && b->len + extra > b->limit) {
		b->toobig = 1;
		return -1;
	}
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	if (b->alloc == 0) {
		size_t na = need < 64 ? 64 : need;
		b->buf = stw_malloc(na);
		b->buf[0] = '\0';
		b->alloc = na;
		return 0;
	}
	{
		size_t na = b->alloc * 2;
		while (na < need)
			na *= 2;
		b->buf = stw_realloc(b->buf, na);
		b->alloc = na;
	}
	return 0;
}

void
stw_buf_add(struct stw_buf *b, const void *data, size_t n)
{
	if (n == 0 || reserve(b, n) < 0)
		return;
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void
stw_buf_adds(struct stw_buf *b, const char *s)
{
	stw_buf_add(b, s, strlen(s));
}

void
stw_buf_vaddf(struct stw_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0 || reserve(b, (size_t)n) < 0)
		return;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
stw_buf_addf(struct stw_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stw_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
stw_strv_push_owned(struct stw_strv *sv, char *s)
{
	stw_grow(&sv->v, &sv->alloc, sv->n, sizeof(*sv->v));
	sv->v[sv->n++] = s;
}

void
stw_strv_push(struct stw_strv *sv, const char *s)
{
	stw_strv_push_owned(sv, stw_strdup(s));
}

int
stw_strv_has(const struct stw_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return 1;
	return 0;
}

void
stw_strv_clear(struct stw_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->alloc = 0;
}

int
stw_read_file(char **out, size_t *len, const char *path, struct stw_err *err)
{
	return stw_read_file_max(out, len, path, STW_READ_MAX, err);
}

int
stw_read_file_max(char **out, size_t *len, const char *path, size_t max, struct stw_err *err)
{
	struct stw_buf b = STW_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL)
		return stw_error(err, errno == ENOENT ? STW_ENOTFOUND : STW_EUSAGE,
		    "cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		stw_buf_add(&b, chunk, n);
		if (b.len > max) {
			/* /dev/zero, a log file given by mistake: stop reading */
			fclose(f);
			stw_buf_release(&b);
			return stw_error(err, STW_EUSAGE, "'%s' is larger than steward reads (%zu MB)",
			    path, max >> 20);
		}
	}
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		stw_buf_release(&b);
		return stw_error(err, STW_EUSAGE, "cannot read '%s': %s", path, strerror(e));
	}
	fclose(f);
	if (len != NULL)
		*len = b.len;
	*out = stw_buf_detach(&b);
	return STW_OK;
}

uint64_t
stw_hash_parts(const char *const *parts, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++) {
		for (const char *p = parts[i] ? parts[i] : ""; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
		h = (h ^ (parts[i] ? 0x1fu : 0x1eu)) * 1099511628211ull;
	}
	return h;
}

size_t
stw_utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

int
stw_glob_match(const char *pattern, const char *s)
{
	return fnmatch(pattern, s, 0) == 0;
}

void
stw_utc_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
