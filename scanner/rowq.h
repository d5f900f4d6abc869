/*
 * A bounded queue of sampled rows between one producer and one consumer
 * thread: a scan job's connection fetches a table's rows and hands them
 * over, and the job's classifier takes them on a thread of its own, so
 * that the connection is fetching the next table's rows while this one's
 * are classified (docs/performance.md "Fetching and classifying").
 *
 * Rows travel in chunks of copied values, each chunk tagged with the unit
 * (a table) its rows belong to; the last chunk of a unit says so.  The
 * producer waits when max_bytes of chunks are on their way, so a wide
 * table's sample costs a bounded buffer, not its size.  Values are raw
 * sampled data: a chunk is wiped before it is freed or reused, and
 * nothing here is written anywhere.
 *
 * Ownership: the queue owns its chunks; a chunk taken is the consumer's
 * until it gives it back with stw_rowq_done.  Units are borrowed.
 */
#ifndef STW_ROWQ_H
#define STW_ROWQ_H

#include <stddef.h>

struct stw_rowq;
struct stw_rowq_chunk;

struct stw_rowq *stw_rowq_new(size_t max_bytes);
/* After the consumer has stopped (stw_rowq_take returned 0). */
void stw_rowq_free(struct stw_rowq *q);

/* Producer.  begin starts a unit of rows with n values each; row copies
 * one row (values[i] NULL for SQL NULL); end hands the unit's last rows
 * over, marked last (a unit of no rows is one empty chunk); close says no
 * unit follows. */
void stw_rowq_begin(struct stw_rowq *q, void *unit, size_t n);
void stw_rowq_row(struct stw_rowq *q, const char *const *values, const size_t *lengths);
void stw_rowq_end(struct stw_rowq *q);
void stw_rowq_close(struct stw_rowq *q);

/* Consumer.  take waits for the next chunk, in the order they were
 * handed over; 0 once the queue is closed and empty. */
int stw_rowq_take(struct stw_rowq *q, struct stw_rowq_chunk **out);
void *stw_rowq_unit(const struct stw_rowq_chunk *c);
int stw_rowq_last(const struct stw_rowq_chunk *c);
/* The chunk's next row into values/lengths (n of each, the unit's n;
 * each value NUL-terminated, valid until stw_rowq_done); 0 after the
 * last row. */
int stw_rowq_next_row(struct stw_rowq_chunk *c, const char **values, size_t *lengths);
void stw_rowq_done(struct stw_rowq *q, struct stw_rowq_chunk *c);

#endif
