/*
 * Value fingerprints: keyed SipHash-2-4 over normalised values, kept as a
 * bottom-k sketch (fprint.h, docs/lineage.md "Inferred copies").
 */
#include "fprint.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "util.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static uint64_t
load_le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

#define SIPROUND do { \
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
} while (0)

uint64_t
stw_siphash24(uint64_t k0, uint64_t k1, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
	uint64_t b = (uint64_t)len << 56;
	size_t i, tail = len & 7;

	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t m = load_le64(p + i);

		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (size_t j = 0; j < tail; j++)
		b |= (uint64_t)p[i + j] << (8 * j);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

int
stw_fp_key_init(struct stw_fp_key *key, const char *text, const char *origin,
    struct stw_err *err)
{
	static const char idlabel[] = "steward fingerprint key id";
	uint64_t h;

	memset(key, 0, sizeof(*key));
	if (text != NULL) {
		size_t n = strlen(text);
		char *buf;

		if (n == 0)
			return stw_error(err, STW_EUSAGE, "the fingerprint key is empty");
		/* Both halves from the text under two fixed keys: a passphrase of
		 * any length becomes 128 bits. */
		buf = stw_malloc(n + 1);
		memcpy(buf, text, n);
		buf[n] = 0;
		key->k0 = stw_siphash24(0x7374657761726430ULL, 0x6b65792068616c66ULL, buf, n + 1);
		buf[n] = 1;
		key->k1 = stw_siphash24(0x7374657761726430ULL, 0x6b65792068616c66ULL, buf, n + 1);
		stw_wipe(buf, n + 1);
		free(buf);
	} else {
		unsigned char r[16];
		size_t got = 0;

		while (got < sizeof(r)) {
			ssize_t k = getrandom(r + got, sizeof(r) - got, 0);
			if (k < 0) {
				if (errno == EINTR)
					continue;
				return stw_error(err, STW_ERROR, "cannot draw a random fingerprint key: %s",
				    strerror(errno));
			}
			got += (size_t)k;
		}
		key->k0 = load_le64(r);
		key->k1 = load_le64(r + 8);
		stw_wipe(r, sizeof(r));
	}
	key->present = 1;
	key->origin = origin;
	h = stw_siphash24(key->k0, key->k1, idlabel, sizeof(idlabel) - 1);
	snprintf(key->id, sizeof(key->id), "%016llx", (unsigned long long)h);
	return STW_OK;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Phone numbers, card numbers and other digit strings are written with
 * any punctuation: "+44 (0)20 7946-0018", "4111 1111 1111 1111". */
static int
digit_string(const char *s, size_t n)
{
	size_t digits = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= '0' && c <= '9')
			digits++;
		else if (!strchr(" +-()./", c) || c == 0)
			return 0;
	}
	return digits >= 6;
}

static int
integer_text(const char *s, size_t n)
{
	size_t i = (n > 0 && s[0] == '-') ? 1 : 0;

	if (i == n)
		return 0;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Case folding and NFC for text outside ASCII (ICU).  Returns the new
 * length, or 0 when ICU could not convert it (invalid UTF-8): then the
 * bytes are hashed as they are. */
static size_t
unicode_fold(char *s, size_t n, size_t cap)
{
	UChar in[STW_FP_MAX_NORM], folded[STW_FP_MAX_NORM], norm[STW_FP_MAX_NORM];
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
	int32_t ulen = 0, flen, nlen, olen = 0;

	if (U_FAILURE(ec))
		return 0;
	u_strFromUTF8(in, STW_FP_MAX_NORM, &ulen, s, (int32_t)n, &ec);
	if (U_FAILURE(ec) || ulen >= STW_FP_MAX_NORM)
		return 0;
	flen = u_strFoldCase(folded, STW_FP_MAX_NORM, in, ulen, U_FOLD_CASE_DEFAULT, &ec);
	if (U_FAILURE(ec) || flen >= STW_FP_MAX_NORM)
		return 0;
	nlen = unorm2_normalize(nfc, folded, flen, norm, STW_FP_MAX_NORM, &ec);
	if (U_FAILURE(ec) || nlen >= STW_FP_MAX_NORM)
		return 0;
	u_strToUTF8(s, (int32_t)cap - 1, &olen, norm, nlen, &ec);
	if (U_FAILURE(ec) || ec == U_STRING_NOT_TERMINATED_WARNING || olen <= 0)
		return 0;
	s[olen] = '\0';
	return (size_t)olen;
}

size_t
stw_fp_normalize(const char *value, size_t len, char *out, size_t cap, int *integer)
{
	size_t a = 0, b = len, o = 0;
	int high = 0, space = 0;

	*integer = 0;
	if (cap == 0)
		return 0;
	while (a < b && is_space((unsigned char)value[a]))
		a++;
	while (b > a && is_space((unsigned char)value[b - 1]))
		b--;
	if (a == b) {
		out[0] = '\0';
		return 0;
	}
	if (integer_text(value + a, b - a))
		*integer = 1;
	if (!*integer && digit_string(value + a, b - a)) {
		for (size_t i = a; i < b && o + 1 < cap; i++)
			if (value[i] >= '0' && value[i] <= '9')
				out[o++] = value[i];
		out[o] = '\0';
		return o;
	}
	for (size_t i = a; i < b && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)value[i];

		if (is_space(c)) {
			space = 1;
			continue;
		}
		if (space && o + 2 < cap)
			out[o++] = ' ';
		space = 0;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (c >= 0x80)
			high = 1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	if (high) {
		size_t u = unicode_fold(out, o, cap);
		if (u > 0)
			o = u;
	}
	return o;
}

struct stw_fprint *
stw_fp_alloc(size_t n)
{
	struct stw_fprint *fp = stw_calloc(1, sizeof(*fp) + n * sizeof(fp->h[0]));

	fp->n = n;
	return fp;
}

struct stw_fp_spool {
	int fd;
	atomic_llong end;                /* next free byte: writers reserve by adding */
};

int
stw_fp_spool_open(struct stw_fp_spool **out, struct stw_err *err)
{
	const char *dir = getenv("TMPDIR");
	struct stw_fp_spool *sp;
	char *path;
	int fd, e;

	*out = NULL;
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = stw_asprintf("%s/steward-sketches-XXXXXX", dir);
	fd = mkstemp(path);                  /* mode 0600 (POSIX.1-2008) */
	e = errno;
	if (fd < 0) {
		stw_error(err, STW_ERROR, "cannot make a spool for the sketches in %s: %s", dir,
		    strerror(e));
		free(path);
		return STW_ERROR;
	}
	/* gone from the directory at once: only this process holds it */
	(void)unlink(path);
	free(path);
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	sp = stw_calloc(1, sizeof(*sp));
	sp->fd = fd;
	atomic_init(&sp->end, 0);
	*out = sp;
	return STW_OK;
}

void
stw_fp_spool_close(struct stw_fp_spool *sp)
{
	if (sp == NULL)
		return;
	close(sp->fd);
	free(sp);
}

struct stw_fprint *
stw_fp_spool_put(struct stw_fp_spool *sp, struct stw_fprint *fp)
{
	size_t len = fp->n * sizeof(fp->h[0]), done = 0;
	struct stw_fprint *head;
	long long at;

	if (sp == NULL || fp->spooled || fp->n == 0)
		return fp;
	at = atomic_fetch_add(&sp->end, (long long)len);
	while (done < len) {
		ssize_t w = pwrite(sp->fd, (const char *)fp->h + done, len - done,
		    (off_t)(at + (long long)done));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return fp;               /* disk full...: this one stays in memory */
		done += (size_t)w;
	}
	head = stw_fp_alloc(0);
	memcpy(head, fp, sizeof(*head));
	head->spooled = 1;
	head->spool_at = at;
	free(fp);
	return head;
}

int
stw_fp_spool_read(const struct stw_fp_spool *sp, long long at, void *buf, size_t len)
{
	size_t done = 0;

	if (sp == NULL) {
		errno = EBADF;
		return -1;
	}
	while (done < len) {
		ssize_t r = pread(sp->fd, (char *)buf + done, len - done,
		    (off_t)(at + (long long)done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			errno = EIO;             /* shorter than what was written */
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

const struct stw_fprint *
stw_fp_view(const struct stw_fp_spool *sp, const struct stw_fprint *fp, struct stw_fprint *scratch)
{
	if (!fp->spooled)
		return fp;
	if (fp->n > STW_FP_K) {
		errno = EINVAL;
		return NULL;
	}
	if (stw_fp_spool_read(sp, fp->spool_at, scratch->h, fp->n * sizeof(fp->h[0])) != 0)
		return NULL;
	memcpy(scratch, fp, sizeof(*scratch));
	scratch->spooled = 0;
	return scratch;
}

void
stw_fp_acc_init(struct stw_fp_acc *a)
{
	memset(a, 0, sizeof(*a));
	a->all_integers = 1;
}

void
stw_fp_acc_add_hash(struct stw_fp_acc *a, uint64_t h)
{
	size_t lo = 0, hi = a->n;

	if (a->n == STW_FP_K && h >= a->h[STW_FP_K - 1])
		return;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->h[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < a->n && a->h[lo] == h) {
		a->m[lo]++;                             /* seen: not a new distinct value */
		return;
	}
	if (a->n < STW_FP_K)
		a->n++;
	memmove(&a->h[lo + 1], &a->h[lo], (a->n - 1 - lo) * sizeof(a->h[0]));
	memmove(&a->m[lo + 1], &a->m[lo], (a->n - 1 - lo) * sizeof(a->m[0]));
	a->h[lo] = h;
	a->m[lo] = 1;
}

void
stw_fp_acc_add(struct stw_fp_acc *a, const struct stw_fp_key *key, const char *value,
    size_t len)
{
	char norm[STW_FP_MAX_NORM];
	int integer;
	size_t n = stw_fp_normalize(value, len, norm, sizeof(norm), &integer);

	if (n == 0)
		return;
	a->values++;
	if (!integer)
		a->all_integers = 0;
	stw_fp_acc_add_hash(a, stw_siphash24(key->k0, key->k1, norm, n));
}

struct stw_fprint *
stw_fp_acc_finish(const struct stw_fp_acc *a, double coverage)
{
	struct stw_fprint *out = stw_fp_alloc(a->n);

	memcpy(out->h, a->h, a->n * sizeof(a->h[0]));
	out->values = a->values;
	out->integers = a->values > 0 && a->all_integers;
	/* to the inventory's three decimals: a sketch read back from the
	 * inventory (merge) then weighs a copy exactly as the scan did */
	out->coverage = !(coverage > 0) ? 0 : coverage > 1 ? 1 : round(coverage * 1000.0) / 1000.0;
	if (out->n < STW_FP_K) {
		out->distinct = (long long)out->n;
	} else {
		/* The kept hashes are a uniform sample of the distinct values, so
		 * their mean multiplicity is the column's: values / distinct.
		 * Exact when no value repeats, which is what callers ask about. */
		double sum = 0;

		for (size_t i = 0; i < STW_FP_K; i++)
			sum += a->m[i];
		out->distinct = (long long)((double)out->values * STW_FP_K / sum + 0.5);
		if (out->distinct > out->values)
			out->distinct = out->values;
		if (out->distinct < STW_FP_K)
			out->distinct = STW_FP_K;
	}
	return out;
}

/* Largest hash below which the sketch holds every hash of its values. */
static uint64_t
complete_below(const struct stw_fprint *fp)
{
	return fp->n < STW_FP_K ? UINT64_MAX : fp->h[fp->n - 1];
}

double
stw_fp_containment(const struct stw_fprint *a, const struct stw_fprint *b,
    long long *common, long long *looked)
{
	uint64_t ta = complete_below(a), tb = complete_below(b);
	uint64_t t = ta < tb ? ta : tb;
	size_t i = 0, j = 0;
	long long c = 0, l = 0;

	while (i < a->n && a->h[i] <= t) {
		while (j < b->n && b->h[j] < a->h[i])
			j++;
		if (j < b->n && b->h[j] == a->h[i])
			c++;
		l++;
		i++;
	}
	*common = c;
	*looked = l;
	return l > 0 ? (double)c / (double)l : -1.0;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
stw_fp_encode(const struct stw_fprint *fp)
{
	size_t nbytes = fp->n * 8, o = 0;
	unsigned char *raw = stw_malloc(nbytes + 1);
	char *out = stw_malloc((nbytes + 2) / 3 * 4 + 1);

	for (size_t i = 0; i < fp->n; i++)
		for (int k = 0; k < 8; k++)
			raw[i * 8 + (size_t)k] = (unsigned char)(fp->h[i] >> (56 - 8 * k));
	for (size_t i = 0; i < nbytes; i += 3) {
		unsigned v = (unsigned)raw[i] << 16;
		size_t left = nbytes - i;

		if (left > 1)
			v |= (unsigned)raw[i + 1] << 8;
		if (left > 2)
			v |= raw[i + 2];
		out[o++] = b64[(v >> 18) & 63];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = left > 1 ? b64[(v >> 6) & 63] : '=';
		out[o++] = left > 2 ? b64[v & 63] : '=';
	}
	out[o] = '\0';
	free(raw);
	return out;
}

int
stw_fp_decode(struct stw_fprint **out, const char *text, struct stw_err *err)
{
	size_t len = strlen(text), nbytes = 0;
	unsigned char raw[STW_FP_K * 8 + 3];
	struct stw_fprint *fp;

	*out = NULL;
	if (len % 4 != 0)
		return stw_error(err, STW_EUSAGE, "sketch is not base64 (length %zu)", len);
	for (size_t i = 0; i < len; i += 4) {
		unsigned v = 0;
		int pad = 0;

		for (int k = 0; k < 4; k++) {
			const char *p = text[i + (size_t)k] ? strchr(b64, text[i + (size_t)k]) : NULL;

			if (text[i + (size_t)k] == '=' && i + 4 == len && k >= 2) {
				pad++;
				v <<= 6;
				continue;
			}
			if (p == NULL || pad)
				return stw_error(err, STW_EUSAGE, "sketch is not base64 (at character %zu)",
				    i + (size_t)k + 1);
			v = (v << 6) | (unsigned)(p - b64);
		}
		if (nbytes + 3 > sizeof(raw))
			return stw_error(err, STW_EUSAGE, "sketch holds more than %d hashes", STW_FP_K);
		raw[nbytes++] = (unsigned char)(v >> 16);
		if (pad < 2)
			raw[nbytes++] = (unsigned char)(v >> 8);
		if (pad < 1)
			raw[nbytes++] = (unsigned char)v;
	}
	if (nbytes % 8 != 0 || nbytes / 8 > STW_FP_K)
		return stw_error(err, STW_EUSAGE, "sketch is %zu bytes, not a whole number of hashes",
		    nbytes);
	fp = stw_fp_alloc(nbytes / 8);
	for (size_t i = 0; i < fp->n; i++) {
		uint64_t h = 0;
		for (int k = 0; k < 8; k++)
			h = (h << 8) | raw[i * 8 + (size_t)k];
		if (i > 0 && h <= fp->h[i - 1]) {
			free(fp);
			return stw_error(err, STW_EUSAGE, "sketch hashes are not in ascending order");
		}
		fp->h[i] = h;
	}
	*out = fp;
	return STW_OK;
}

double
stw_wilson_low(long long hits, long long n)
{
	const double z = 1.96;
	double p, d, c, r;

	if (n <= 0)
		return 0.0;
	p = (double)hits / (double)n;
	d = 1.0 + z * z / (double)n;
	c = p + z * z / (2.0 * (double)n);
	r = z * sqrt(p * (1.0 - p) / (double)n + z * z / (4.0 * (double)n * (double)n));
	return (c - r) / d < 0 ? 0.0 : (c - r) / d;
}
