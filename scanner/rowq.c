/*
 * The rows between a job's connection and its classifier (rowq.h).
 *
 * A row is stored as its values one after the other, each a 32-bit
 * length (NULL_LEN for SQL NULL) and that many bytes and a NUL.  Chunks
 * of the standard size are kept for reuse, wiped, up to the queue's
 * bound; a row larger than a standard chunk gets a chunk of its own size.
 */
#include "rowq.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define CHUNK_BYTES ((size_t)64 * 1024)
#define NULL_LEN UINT32_MAX

struct stw_rowq_chunk {
	struct stw_rowq_chunk *next;
	void *unit;
	size_t n;                        /* values per row */
	int last;                        /* the unit's last chunk */
	size_t cap, len, pos;            /* bytes: room, written, read */
	unsigned char data[];
};

struct stw_rowq {
	pthread_mutex_t lock;
	pthread_cond_t can_take, can_put;
	struct stw_rowq_chunk *head, *tail;  /* handed over, not taken yet */
	struct stw_rowq_chunk *spare;        /* standard chunks to reuse, wiped */
	size_t nspare, max_spare;
	size_t inflight, max_bytes;          /* room of the chunks handed over, not done */
	int closed;
	/* The producer's alone. */
	struct stw_rowq_chunk *cur;
	void *unit;
	size_t n;
};

struct stw_rowq *
stw_rowq_new(size_t max_bytes)
{
	struct stw_rowq *q = stw_calloc(1, sizeof(*q));

	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->can_take, NULL);
	pthread_cond_init(&q->can_put, NULL);
	q->max_bytes = max_bytes > CHUNK_BYTES ? max_bytes : CHUNK_BYTES;
	q->max_spare = q->max_bytes / CHUNK_BYTES;
	return q;
}

static void
chunk_free(struct stw_rowq_chunk *c)
{
	if (c == NULL)
		return;
	stw_wipe(c->data, c->len);
	free(c);
}

void
stw_rowq_free(struct stw_rowq *q)
{
	struct stw_rowq_chunk *c, *next;

	if (q == NULL)
		return;
	for (c = q->head; c != NULL; c = next) {
		next = c->next;
		chunk_free(c);
	}
	for (c = q->spare; c != NULL; c = next) {
		next = c->next;
		free(c);                     /* wiped when it was given back */
	}
	chunk_free(q->cur);
	pthread_cond_destroy(&q->can_put);
	pthread_cond_destroy(&q->can_take);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

/* A chunk of at least need bytes for the current unit. */
static struct stw_rowq_chunk *
chunk_get(struct stw_rowq *q, size_t need)
{
	struct stw_rowq_chunk *c = NULL;
	size_t cap = need > CHUNK_BYTES ? need : CHUNK_BYTES;

	if (cap == CHUNK_BYTES) {
		pthread_mutex_lock(&q->lock);
		if ((c = q->spare) != NULL) {
			q->spare = c->next;
			q->nspare--;
		}
		pthread_mutex_unlock(&q->lock);
	}
	if (c == NULL)
		c = stw_malloc(sizeof(*c) + cap);
	c->next = NULL;
	c->unit = q->unit;
	c->n = q->n;
	c->last = 0;
	c->cap = cap;
	c->len = c->pos = 0;
	return c;
}

/* Hands c over, waiting while the chunks on their way fill the bound
 * (one chunk always goes, however large). */
static void
put(struct stw_rowq *q, struct stw_rowq_chunk *c)
{
	pthread_mutex_lock(&q->lock);
	while (q->inflight > 0 && q->inflight + c->cap > q->max_bytes)
		pthread_cond_wait(&q->can_put, &q->lock);
	q->inflight += c->cap;
	if (q->tail != NULL)
		q->tail->next = c;
	else
		q->head = c;
	q->tail = c;
	pthread_cond_signal(&q->can_take);
	pthread_mutex_unlock(&q->lock);
}

void
stw_rowq_begin(struct stw_rowq *q, void *unit, size_t n)
{
	q->unit = unit;
	q->n = n;
	q->cur = NULL;
}

/* A value's length as stored: a connector cuts values far shorter. */
static size_t
vlen(const size_t *lengths, size_t i)
{
	return lengths[i] < NULL_LEN ? lengths[i] : NULL_LEN - 1;
}

void
stw_rowq_row(struct stw_rowq *q, const char *const *values, const size_t *lengths)
{
	size_t need = 0;
	unsigned char *p;

	for (size_t i = 0; i < q->n; i++)
		need += sizeof(uint32_t) + (values[i] != NULL ? vlen(lengths, i) + 1 : 0);
	if (q->cur != NULL && q->cur->cap - q->cur->len < need) {
		put(q, q->cur);
		q->cur = NULL;
	}
	if (q->cur == NULL)
		q->cur = chunk_get(q, need);
	p = q->cur->data + q->cur->len;
	for (size_t i = 0; i < q->n; i++) {
		uint32_t l = values[i] != NULL ? (uint32_t)vlen(lengths, i) : NULL_LEN;

		memcpy(p, &l, sizeof(l));
		p += sizeof(l);
		if (values[i] != NULL) {
			memcpy(p, values[i], l);
			p += l;
			*p++ = '\0';
		}
	}
	q->cur->len += need;
}

void
stw_rowq_end(struct stw_rowq *q)
{
	if (q->cur == NULL)
		q->cur = chunk_get(q, 0);
	q->cur->last = 1;
	put(q, q->cur);
	q->cur = NULL;
	q->unit = NULL;
}

void
stw_rowq_close(struct stw_rowq *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = 1;
	pthread_cond_broadcast(&q->can_take);
	pthread_mutex_unlock(&q->lock);
}

int
stw_rowq_take(struct stw_rowq *q, struct stw_rowq_chunk **out)
{
	struct stw_rowq_chunk *c;

	pthread_mutex_lock(&q->lock);
	while (q->head == NULL && !q->closed)
		pthread_cond_wait(&q->can_take, &q->lock);
	if ((c = q->head) != NULL) {
		q->head = c->next;
		if (q->head == NULL)
			q->tail = NULL;
		c->next = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	*out = c;
	return c != NULL;
}

void *
stw_rowq_unit(const struct stw_rowq_chunk *c)
{
	return c->unit;
}

int
stw_rowq_last(const struct stw_rowq_chunk *c)
{
	return c->last;
}

int
stw_rowq_next_row(struct stw_rowq_chunk *c, const char **values, size_t *lengths)
{
	if (c->pos >= c->len)
		return 0;
	for (size_t i = 0; i < c->n; i++) {
		uint32_t l;

		memcpy(&l, c->data + c->pos, sizeof(l));
		c->pos += sizeof(l);
		if (l == NULL_LEN) {
			values[i] = NULL;
			lengths[i] = 0;
		} else {
			values[i] = (const char *)c->data + c->pos;
			lengths[i] = l;
			c->pos += (size_t)l + 1;
		}
	}
	return 1;
}

void
stw_rowq_done(struct stw_rowq *q, struct stw_rowq_chunk *c)
{
	int keep = c->cap == CHUNK_BYTES;

	stw_wipe(c->data, c->len);
	c->len = 0;
	pthread_mutex_lock(&q->lock);
	q->inflight -= c->cap;
	if (keep && q->nspare < q->max_spare) {
		c->next = q->spare;
		q->spare = c;
		q->nspare++;
		c = NULL;
	}
	pthread_cond_signal(&q->can_put);
	pthread_mutex_unlock(&q->lock);
	free(c);
}
