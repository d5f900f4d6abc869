/*
 * Value fingerprints (docs/lineage.md "Inferred copies"): a bounded sketch
 * of a column's sampled values from which containment between two columns
 * can be estimated, without a single raw value.
 *
 * Each value is normalised (trimmed, case-folded, Unicode NFC, runs of
 * spaces made one; phone- and card-like values reduced to their digits),
 * hashed with keyed SipHash-2-4, and only the K smallest distinct hashes
 * are kept (a bottom-k, or KMV, sketch).  Two sketches made with the same
 * key are complete below the smaller of their largest hashes, which is
 * what makes their overlap an unbiased sample of the overlap of the value
 * sets.  A keyed hash of a low-entropy value is still guessable by whoever
 * holds the key, so fingerprints are pseudonymous data: the key is never
 * written anywhere, and `scan --no-fingerprints` leaves them out.
 */
#ifndef STW_FPRINT_H
#define STW_FPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define STW_FP_K 128                     /* hashes kept per column */
#define STW_FP_MAX_NORM 512              /* bytes of a normalised value hashed */

struct stw_fp_key {
	uint64_t k0, k1;
	int present;
	const char *origin;              /* "config", "environment", "random" (static) */
	char id[17];                     /* 16 hex digits: a MAC of a constant, not the key */
};

/* What the inventory keeps of a column (owned by struct stw_column): one
 * allocation sized to the hashes it holds (stw_fp_alloc), so that a column
 * of 30 distinct values costs 30 hashes, not K. */
struct stw_fprint {
	long long values;                /* non-NULL values hashed */
	long long distinct;              /* distinct values among them (estimate past K:
	                                    values / the kept hashes' mean multiplicity) */
	double coverage;                 /* sampled rows / table rows, 0..1; 1 = the whole table */
	int integers;                    /* every value was an integer */
	int spooled;                     /* 1: the hashes are in a spool at spool_at, not in h */
	long long spool_at;              /* byte offset in the spool (spooled only) */
	size_t n;                        /* hashes kept, <= STW_FP_K */
	uint64_t h[];                    /* n of them, ascending (none when spooled) */
};
/* A zeroed sketch with room for n hashes (n set); free() it. */
struct stw_fprint *stw_fp_alloc(size_t n);

/* A scan's sketches wait for the copy search and the writer in a spool,
 * not in memory: a temporary file, unlinked as soon as it is made (it has
 * no name anyone could open, and goes when the process does), readable by
 * its owner only, holding the same keyed hashes the inventory will.  A
 * 100,000-table scan keeps about 90 MB of hashes there (docs/performance.md). */
struct stw_fp_spool;
/* A spool in $TMPDIR, or /tmp. */
int stw_fp_spool_open(struct stw_fp_spool **out, struct stw_err *err);
void stw_fp_spool_close(struct stw_fp_spool *sp);
/* Moves fp's hashes to the spool and returns the sketch that replaces it,
 * its header alone (fp is freed); when the write fails, fp itself, kept
 * in memory.  Safe to call from several threads at once. */
struct stw_fprint *stw_fp_spool_put(struct stw_fp_spool *sp, struct stw_fprint *fp);
/* len bytes at offset at; 0, or -1 with errno set.  Thread-safe. */
int stw_fp_spool_read(const struct stw_fp_spool *sp, long long at, void *buf, size_t len);
/* fp with its hashes in memory: fp itself when they are, else scratch
 * (made by stw_fp_alloc(STW_FP_K)) filled from sp; NULL when they cannot
 * be read (errno set). */
const struct stw_fprint *stw_fp_view(const struct stw_fp_spool *sp, const struct stw_fprint *fp,
    struct stw_fprint *scratch);

/* SipHash-2-4 of data under (k0, k1). */
uint64_t stw_siphash24(uint64_t k0, uint64_t k1, const void *data, size_t len);

/* A key from text (a passphrase of any length: both halves are derived
 * from it by SipHash under fixed constants), or a random one when text is
 * NULL.  origin is kept as given (a static string). */
int stw_fp_key_init(struct stw_fp_key *key, const char *text, const char *origin,
    struct stw_err *err);

/* Normalises value into out (at most cap - 1 bytes, NUL-terminated);
 * returns the length, 0 for a value that is empty once trimmed.  Sets
 * *integer when the value is an integer. */
size_t stw_fp_normalize(const char *value, size_t len, char *out, size_t cap, int *integer);

/* The running sketch of one column while its sample is read. */
struct stw_fp_acc {
	long long values;                /* non-NULL values hashed */
	size_t n;                        /* hashes kept so far */
	int all_integers;
	uint64_t h[STW_FP_K];            /* the smallest distinct hashes, ascending */
	uint32_t m[STW_FP_K];            /* how often each kept hash was seen */
};
void stw_fp_acc_init(struct stw_fp_acc *a);
void stw_fp_acc_add(struct stw_fp_acc *a, const struct stw_fp_key *key, const char *value,
    size_t len);
/* Adds a hash already computed (the sketch of a sketch, in tests). */
void stw_fp_acc_add_hash(struct stw_fp_acc *a, uint64_t h);
/* The finished sketch, newly allocated to its size; coverage clamped to
 * 0..1 and rounded to three decimals, as the inventory stores it. */
struct stw_fprint *stw_fp_acc_finish(const struct stw_fp_acc *a, double coverage);

/* Containment of a's values in b's: *common hashes of a at or below the
 * sketches' common threshold also in b, *looked of a's hashes there.
 * Returns common / looked, or -1 when looked is 0. */
double stw_fp_containment(const struct stw_fprint *a, const struct stw_fprint *b,
    long long *common, long long *looked);

/* The sketch's hashes as text (base64 of 8-byte big-endian values) and
 * back; decode allocates *out (hashes and n set, the counts zero) and
 * returns STW_EUSAGE on bad text, *out then NULL. */
char *stw_fp_encode(const struct stw_fprint *fp);
int stw_fp_decode(struct stw_fprint **out, const char *text, struct stw_err *err);

/* The 95 % Wilson lower bound of a rate of hits in n trials. */
double stw_wilson_low(long long hits, long long n);

#endif
