/*
 * The queue of sampled rows between a job's connection and its
 * classifier (scanner/rowq.c): every row arrives, in order, byte for byte
 * (NULLs, empty values, embedded NULs, a value larger than a chunk), each
 * unit's last chunk says so, and the producer waits once the bound is
 * reached instead of buffering a whole table.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "scanner/rowq.h"

#define NCOLS 3

/* Value (unit u, row r, column c): deterministic, of varied shape. */
static size_t
make_value(char *buf, size_t cap, int u, int r, int c, int *is_null)
{
	size_t len;

	*is_null = (r + c) % 7 == 3;
	if (*is_null)
		return 0;
	if (c == 2 && r == 5 && u == 1)
		len = 100000;                /* larger than a chunk */
	else if ((r + u) % 5 == 0)
		len = 0;                     /* empty, not NULL */
	else
		len = (size_t)(1 + (r * 31 + c * 7 + u) % 40);
	if (len > cap)
		len = cap;
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)((i * 13 + (size_t)r * 3 + (size_t)c + (size_t)u) % 256);  /* NULs too */
	return len;
}

struct producer {
	struct stw_rowq *q;
	int units, rows;
	int tags[8];
	atomic_int pushed;
};

static void *
produce(void *arg)
{
	struct producer *p = arg;
	static char bufs[NCOLS][100000];

	for (int u = 0; u < p->units; u++) {
		stw_rowq_begin(p->q, &p->tags[u], u == 2 ? 0 : NCOLS);
		for (int r = 0; u != 2 && r < p->rows; r++) {
			const char *v[NCOLS];
			size_t l[NCOLS];

			for (int c = 0; c < NCOLS; c++) {
				int is_null;

				l[c] = make_value(bufs[c], sizeof(bufs[c]), u, r, c, &is_null);
				v[c] = is_null ? NULL : bufs[c];
			}
			stw_rowq_row(p->q, v, l);
			atomic_fetch_add(&p->pushed, 1);
		}
		stw_rowq_end(p->q);
	}
	stw_rowq_close(p->q);
	return NULL;
}

/* Takes everything, checking each value; returns the rows seen. */
static int
consume_all(struct producer *p)
{
	static char want[100000];
	struct stw_rowq_chunk *ch;
	int u = 0, r = 0, rows = 0, lasts = 0;

	while (stw_rowq_take(p->q, &ch)) {
		const char *v[NCOLS];
		size_t l[NCOLS];

		assert_ptr_equal(stw_rowq_unit(ch), &p->tags[u]);
		while (stw_rowq_next_row(ch, v, l)) {
			assert_int_not_equal(u, 2);  /* the unit of no columns has no row */
			for (int c = 0; c < NCOLS; c++) {
				int is_null;
				size_t wl = make_value(want, sizeof(want), u, r, c, &is_null);

				if (is_null) {
					assert_null(v[c]);
					continue;
				}
				assert_non_null(v[c]);
				assert_int_equal(l[c], wl);
				if (wl > 0)
					assert_memory_equal(v[c], want, wl);
				assert_int_equal(v[c][wl], '\0');
			}
			r++;
			rows++;
		}
		if (stw_rowq_last(ch)) {
			assert_int_equal(r, u == 2 ? 0 : p->rows);
			lasts++;
			u++;
			r = 0;
		}
		stw_rowq_done(p->q, ch);
	}
	assert_int_equal(lasts, p->units);
	return rows;
}

static void
test_rows_arrive_in_order(void **state)
{
	struct producer p = { .units = 4, .rows = 3000 };
	pthread_t th;

	(void)state;
	p.q = stw_rowq_new(256 * 1024);
	atomic_init(&p.pushed, 0);
	assert_int_equal(pthread_create(&th, NULL, produce, &p), 0);
	assert_int_equal(consume_all(&p), 3 * 3000);
	pthread_join(th, NULL);
	stw_rowq_free(p.q);
}

static void
test_producer_waits_at_the_bound(void **state)
{
	/* Rows of about 3 x 21 bytes: 100,000 of them are 6 MB, the bound
	 * is 128 KB.  While nobody takes, the producer must stop within a
	 * few chunks' worth of rows. */
	struct producer p = { .units = 2, .rows = 100000 };
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	pthread_t th;
	int seen;

	(void)state;
	p.q = stw_rowq_new(128 * 1024);
	atomic_init(&p.pushed, 0);
	assert_int_equal(pthread_create(&th, NULL, produce, &p), 0);
	nanosleep(&pause, NULL);
	seen = atomic_load(&p.pushed);
	assert_true(seen > 0);
	assert_true(seen < 20000);           /* 128 KB + one chunk is ~3,000 rows */
	assert_int_equal(consume_all(&p), 2 * 100000);
	pthread_join(th, NULL);
	stw_rowq_free(p.q);
}

static void
test_free_with_chunks_left(void **state)
{
	/* A consumer that stops early (the scan gave up) leaves chunks in
	 * the queue: freeing it must release them (ASan says if not). */
	struct stw_rowq *q = stw_rowq_new(0);
	const char *v[1] = { "x" };
	size_t l[1] = { 1 };
	int tag;

	(void)state;
	stw_rowq_begin(q, &tag, 1);
	stw_rowq_row(q, v, l);
	stw_rowq_end(q);
	stw_rowq_begin(q, &tag, 1);
	stw_rowq_row(q, v, l);               /* a unit left unfinished */
	stw_rowq_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_arrive_in_order),
		cmocka_unit_test(test_producer_waits_at_the_bound),
		cmocka_unit_test(test_free_with_chunks_left),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
