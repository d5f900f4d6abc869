/*
 * Small shared helpers: checked allocation, a bounded string builder
 * (struct stw_buf, with git strbuf invariants: buf is never NULL and always
 * NUL-terminated) and a growable array of owned strings.
 *
 * Allocation failure is treated as fatal (STW_BUG): the scanner holds
 * bounded amounts of metadata, and recovering from OOM in every call site
 * would hide real errors behind noise.
 */
#ifndef STW_UTIL_H
#define STW_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

void *stw_malloc(size_t n);
void *stw_calloc(size_t n, size_t size);
void *stw_realloc(void *p, size_t n);
char *stw_strdup(const char *s);          /* NULL in, NULL out */
char *stw_strndup(const char *s, size_t n);
/* Secrets (passwords, keys, looked-up values): n bytes overwritten with
 * zeros through a volatile pointer, so that the stores are not dropped as
 * dead; stw_free_secret() wipes a NUL-terminated string, then frees it.
 * Both accept NULL. */
void stw_wipe(void *p, size_t n);
void stw_free_secret(char *s);
char *stw_asprintf(const char *fmt, ...) STW_PRINTF(1, 2);

/* Grow *arr (of elements of size sz) so that index n fits; doubles. */
void stw_grow(void *arr_ptr, size_t *alloc, size_t n, size_t sz);
/* The same for the lists an inventory holds by the million (a column's
 * findings), whose counts are 32 bits to keep their structs small. */
void stw_grow32(void *arr_ptr, uint32_t *alloc, size_t n, size_t sz);

/* Free *p and set it to NULL. */
#define STW_FREE(p) do { free(p); (p) = NULL; } while (0)

struct stw_buf {
	char *buf;    /* never NULL; owned unless it points at stw_buf_empty */
	size_t len;   /* bytes used, excluding the NUL */
	size_t alloc; /* 0 while buf is the shared empty string */
	size_t limit; /* 0 = unbounded; else appends past it set toobig */
	int toobig;   /* set once an append was refused by limit */
};

extern char stw_buf_empty[];
#define STW_BUF_INIT { stw_buf_empty, 0, 0, 0, 0 }

void stw_buf_init(struct stw_buf *b, size_t limit);
void stw_buf_release(struct stw_buf *b);           /* frees, back to INIT */
void stw_buf_reset(struct stw_buf *b);             /* len = 0, keeps memory */
char *stw_buf_detach(struct stw_buf *b);           /* caller frees */
void stw_buf_add(struct stw_buf *b, const void *data, size_t n);
void stw_buf_adds(struct stw_buf *b, const char *s);
/* Inline: readers append a byte at a time.  The room is checked here;
 * growing, the limit and the empty buffer go through stw_buf_add. */
static inline void
stw_buf_addc(struct stw_buf *b, char c)
{
	if (b->limit == 0 && b->len + 1 < b->alloc) {
		b->buf[b->len++] = c;
		b->buf[b->len] = '\0';
	} else {
		stw_buf_add(b, &c, 1);
	}
}
void stw_buf_addf(struct stw_buf *b, const char *fmt, ...) STW_PRINTF(2, 3);
void stw_buf_vaddf(struct stw_buf *b, const char *fmt, va_list ap) STW_PRINTF(2, 0);

/* A list of owned strings. */
struct stw_strv {
	char **v;     /* n entries, each owned */
	size_t n;
	size_t alloc;
};
#define STW_STRV_INIT { NULL, 0, 0 }
void stw_strv_push(struct stw_strv *sv, const char *s);   /* copies s */
void stw_strv_push_owned(struct stw_strv *sv, char *s);   /* takes s */
int stw_strv_has(const struct stw_strv *sv, const char *s);
void stw_strv_clear(struct stw_strv *sv);

/* Whole file into memory; caller frees *out. */
int stw_read_file(char **out, size_t *len, const char *path, struct stw_err *err);
/* The same, refusing (STW_EUSAGE) a file of more than max bytes without
 * reading past it; stw_read_file's max is STW_READ_MAX. */
#define STW_READ_MAX ((size_t)1 << 30)

/* FNV-1a over parts[0..n), each followed by a separator that tells NULL
 * from "": the key of the in-memory lookups (a table by name, the edges
 * at a table).  Not stable across versions; never written anywhere. */
uint64_t stw_hash_parts(const char *const *parts, size_t n);

/* The longest prefix of s (len bytes) of at most max bytes that does not
 * split a UTF-8 character. */
size_t stw_utf8_cut(const char *s, size_t len, size_t max);
int stw_read_file_max(char **out, size_t *len, const char *path, size_t max, struct stw_err *err);

/* fnmatch-style glob with * ? and [..]; case-sensitive. */
int stw_glob_match(const char *pattern, const char *s);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into a 21+ byte buffer. */
void stw_utc_now(char out[32]);

#endif
