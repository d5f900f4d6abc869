/*
 * Data source names: parsing SOURCE arguments into a struct stw_dsn and
 * redacting passwords out of anything that may be printed.
 *
 * Accepted forms (SPEC.md): postgres://, postgresql://, a libpq keyword
 * string ("host=... dbname=..."), mysql://, mariadb://, sqlite:PATH,
 * sqlite://PATH, or a bare path ending in .db, .sqlite or .sqlite3.
 */
#include "connector.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* Decodes %XX escapes of a URI component into a new string. */
static char *
pct_decode(const char *s, size_t n)
{
	char *out = stw_malloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    isxdigit((unsigned char)s[i + 1]) && isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = { s[i + 1], s[i + 2], 0 };
			*o++ = (char)strtol(hex, NULL, 16);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static int
looks_like_keywords(const char *s)
{
	/* libpq keyword/value strings: "key=value key2=value2". */
	const char *eq = strchr(s, '=');

	if (eq == NULL || strstr(s, "://") != NULL)
		return 0;
	for (const char *p = s; p < eq; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_' || *p == ' '))
			return 0;
	return 1;
}

/* Parses one "key = value" pair of a libpq keyword string starting at *pp. */
static int
next_keyword(const char **pp, char **key, char **val)
{
	const char *p = *pp, *k0;
	struct stw_buf b = STW_BUF_INIT;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return 0;
	k0 = p;
	while (*p && *p != '=' && !isspace((unsigned char)*p))
		p++;
	*key = stw_strndup(k0, (size_t)(p - k0));
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '=')
		p++;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\'') {
		p++;
		while (*p && *p != '\'') {
			if (*p == '\\' && p[1])
				p++;
			stw_buf_addc(&b, *p++);
		}
		if (*p == '\'')
			p++;
	} else {
		while (*p && !isspace((unsigned char)*p)) {
			if (*p == '\\' && p[1])
				p++;
			stw_buf_addc(&b, *p++);
		}
	}
	*val = stw_buf_detach(&b);
	*pp = p;
	return 1;
}

static int
parse_keywords(struct stw_dsn *d, const char *text, struct stw_err *err)
{
	const char *p = text;
	char *k, *v;

	d->scheme = stw_strdup("postgres");
	d->conninfo = stw_strdup(text);
	while (next_keyword(&p, &k, &v)) {
		if (strcmp(k, "host") == 0 || strcmp(k, "hostaddr") == 0) {
			free(d->host);
			d->host = v;
			v = NULL;
		} else if (strcmp(k, "port") == 0) {
			d->port = (int)strtol(v, NULL, 10);
		} else if (strcmp(k, "user") == 0) {
			free(d->user);
			d->user = v;
			v = NULL;
		} else if (strcmp(k, "password") == 0) {
			free(d->password);
			d->password = v;
			v = NULL;
		} else if (strcmp(k, "dbname") == 0) {
			free(d->dbname);
			d->dbname = v;
			v = NULL;
		} else {
			stw_strv_push_owned(&d->params, stw_asprintf("%s=%s", k, v));
		}
		free(k);
		free(v);
	}
	return STW_OK;
}

static int
parse_uri(struct stw_dsn *d, const char *scheme, const char *rest, struct stw_err *err)
{
	const char *auth_end, *at, *hp, *slash, *q;
	const char *end = rest + strlen(rest);

	d->scheme = stw_strdup(scheme);
	q = strchr(rest, '?');
	if (q == NULL)
		q = end;
	slash = memchr(rest, '/', (size_t)(q - rest));
	auth_end = slash ? slash : q;
	/* userinfo@host:port */
	at = NULL;
	for (const char *p = rest; p < auth_end; p++)
		if (*p == '@')
			at = p;
	hp = rest;
	if (at != NULL) {
		const char *colon = memchr(rest, ':', (size_t)(at - rest));
		if (colon != NULL) {
			d->user = pct_decode(rest, (size_t)(colon - rest));
			d->password = pct_decode(colon + 1, (size_t)(at - colon - 1));
		} else {
			d->user = pct_decode(rest, (size_t)(at - rest));
		}
		hp = at + 1;
	}
	if (hp < auth_end) {
		const char *colon = NULL;
		if (*hp == '[') {   /* [ipv6]:port */
			const char *rb = memchr(hp, ']', (size_t)(auth_end - hp));
			if (rb == NULL)
				return stw_error(err, STW_EUSAGE, "invalid address in a %s:// data source: "
				    "missing ']'", scheme);
			d->host = stw_strndup(hp + 1, (size_t)(rb - hp - 1));
			if (rb + 1 < auth_end && rb[1] == ':')
				colon = rb + 1;
		} else {
			colon = memchr(hp, ':', (size_t)(auth_end - hp));
			d->host = pct_decode(hp, (size_t)((colon ? colon : auth_end) - hp));
		}
		if (colon != NULL) {
			char *e;
			long port = strtol(colon + 1, &e, 10);
			if (e != auth_end || port <= 0 || port > 65535)
				return stw_error(err, STW_EUSAGE, "invalid port in a %s:// data source "
				    "(expected 1 to 65535)", scheme);
			d->port = (int)port;
		}
		if (d->host != NULL && d->host[0] == '\0')
			STW_FREE(d->host);
	}
	if (slash != NULL && slash + 1 < q)
		d->dbname = pct_decode(slash + 1, (size_t)(q - slash - 1));
	if (*q == '?') {
		const char *p = q + 1;
		while (*p) {
			const char *amp = strchr(p, '&');
			size_t n = amp ? (size_t)(amp - p) : strlen(p);
			char *kv = pct_decode(p, n);
			if (strncmp(kv, "password=", 9) == 0) {
				free(d->password);
				d->password = stw_strdup(kv + 9);
				free(kv);
			} else if (n > 0) {
				stw_strv_push_owned(&d->params, kv);
			} else {
				free(kv);
			}
			p += n;
			if (*p == '&')
				p++;
		}
	}
	return STW_OK;
}

static int
known_scheme(const char *s, size_t n)
{
	static const char *const k[] = { "postgres", "postgresql", "mysql", "mariadb", "sqlite", NULL };

	for (size_t i = 0; k[i] != NULL; i++)
		if (strlen(k[i]) == n && strncasecmp(k[i], s, n) == 0)
			return 1;
	return 0;
}

static int
scheme_like(const char *s, size_t n)
{
	if (n == 0 || n > 20 || !isalpha((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
			return 0;
	return 1;
}

/* Parameters whose values may be shown: settings, not secrets.  Any other
 * parameter of a DSN is shown as key=*** -- libpq's sslpassword, a
 * password pasted into application_name or options, a driver's token. */
static int
shown_param(const char *key, size_t n)
{
	static const char *const ok[] = { "host", "hostaddr", "port", "user", "dbname",
		"sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslcompression",
		"sslsni", "gssencmode", "channel_binding", "connect_timeout", "target_session_attrs",
		"load_balance_hosts", "keepalives", "keepalives_idle", "keepalives_interval",
		"keepalives_count", "tcp_user_timeout", "krbsrvname", "service",
		"charset", "ssl-mode", "ssl_mode", "ssl-ca", "ssl_ca", "ssl-cert", "ssl_cert",
		"ssl-key", "ssl_key", "tls-version", "tls_version", "protocol", "socket",
		"unix_socket", "connect-timeout", "mode", "immutable", "nolock", "cache", "vfs", NULL };

	for (size_t i = 0; ok[i] != NULL; i++)
		if (strlen(ok[i]) == n && strncmp(ok[i], key, n) == 0)
			return 1;
	return 0;
}

/* key=value, or key=*** for anything not on the list. */
static void
add_param(struct stw_buf *b, const char *key, size_t n, const char *value)
{
	stw_buf_add(b, key, n);
	stw_buf_addc(b, '=');
	stw_buf_adds(b, shown_param(key, n) ? value : "***");
}

/* Replaces every occurrence of secret in *s by "***". */
static void
scrub_literal(char **s, const char *secret)
{
	struct stw_buf b = STW_BUF_INIT;
	size_t n;

	if (secret == NULL || secret[0] == '\0' || strstr(*s, secret) == NULL)
		return;
	n = strlen(secret);
	for (const char *p = *s; *p;) {
		if (strncmp(p, secret, n) == 0) {
			stw_buf_adds(&b, "***");
			p += n;
		} else {
			stw_buf_addc(&b, *p++);
		}
	}
	free(*s);
	*s = stw_buf_detach(&b);
}

/* The printable form of a parsed DSN, built from what was parsed rather
 * than edited out of the text: user, host, port, database and the
 * parameters on the list above; a password as ***, and the literal
 * password wherever else it was repeated. */
static int
finish_redacted(struct stw_dsn *d, const char *text)
{
	struct stw_buf b = STW_BUF_INIT;
	const char *sep = strstr(text, "://");

	if (strcmp(d->scheme, "sqlite") == 0) {
		stw_buf_adds(&b, "sqlite:");
		stw_buf_adds(&b, d->path);
	} else if (d->conninfo != NULL) {
		const char *p = text;
		char *k, *v;
		int first = 1;

		while (next_keyword(&p, &k, &v)) {
			if (!first)
				stw_buf_addc(&b, ' ');
			first = 0;
			if (strcmp(k, "password") == 0)
				stw_buf_adds(&b, "password=***");
			else
				add_param(&b, k, strlen(k), v);
			free(k);
			stw_free_secret(v);
		}
	} else {
		stw_buf_add(&b, text, sep ? (size_t)(sep - text) : strlen(d->scheme));
		stw_buf_adds(&b, "://");
		if (d->user != NULL) {
			stw_buf_adds(&b, d->user);
			if (d->password != NULL)
				stw_buf_adds(&b, ":***");
			stw_buf_addc(&b, '@');
		}
		if (d->host != NULL)
			stw_buf_addf(&b, strchr(d->host, ':') ? "[%s]" : "%s", d->host);
		if (d->port > 0)
			stw_buf_addf(&b, ":%d", d->port);
		if (d->dbname != NULL)
			stw_buf_addf(&b, "/%s", d->dbname);
		{
			const char *q = strchr(text, '?');
			int first = 1;

			for (const char *p = q ? q + 1 : ""; *p;) {
				size_t n = strcspn(p, "&");
				char *kv = pct_decode(p, n);
				char *eq = strchr(kv, '=');

				if (n > 0) {
					stw_buf_addc(&b, first ? '?' : '&');
					first = 0;
					if (eq == NULL)
						stw_buf_adds(&b, shown_param(kv, strlen(kv)) ? kv : "***");
					else
						add_param(&b, kv, (size_t)(eq - kv), eq + 1);
				}
				stw_free_secret(kv);
				p += n;
				if (*p == '&')
					p++;
			}
		}
	}
	free(d->redacted);
	d->redacted = stw_buf_detach(&b);
	scrub_literal(&d->redacted, d->password);
	return STW_OK;
}

int
stw_dsn_parse(struct stw_dsn *d, const char *text, struct stw_err *err)
{
	const char *colon;
	int rc;

	memset(d, 0, sizeof(*d));
	/* Until it is parsed, nothing of the text may be shown: a slightly
	 * malformed DSN is where a password hides in plain sight. */
	d->redacted = stw_strdup("(unparsed data source)");
	if (text[0] == '\0')
		return stw_error(err, STW_EUSAGE, "empty data source name");
	if (strncmp(text, "sqlite:", 7) == 0) {
		const char *p = text + 7;
		if (strncmp(p, "//", 2) == 0)
			p += 2;
		if (*p == '\0')
			return stw_error(err, STW_EUSAGE, "missing SQLite file path after 'sqlite:'");
		d->scheme = stw_strdup("sqlite");
		d->path = stw_strdup(p);
		return finish_redacted(d, text);
	}
	colon = strstr(text, "://");
	if (colon != NULL) {
		size_t n = (size_t)(colon - text);
		const char *rest = colon + 3;
		if ((n == 8 && strncmp(text, "postgres", 8) == 0) ||
		    (n == 10 && strncmp(text, "postgresql", 10) == 0))
			rc = parse_uri(d, "postgres", rest, err);
		else if ((n == 5 && strncmp(text, "mysql", 5) == 0) ||
		    (n == 7 && strncmp(text, "mariadb", 7) == 0))
			rc = parse_uri(d, "mysql", rest, err);
		else if (scheme_like(text, n))
			return stw_error(err, STW_EUSAGE,
			    "unknown data source scheme '%.*s': use postgres://, mysql://, "
			    "mariadb:// or sqlite:", (int)n, text);
		else
			return stw_error(err, STW_EUSAGE, "unknown data source scheme: use postgres://, "
			    "mysql://, mariadb:// or sqlite:");
		return rc == STW_OK ? finish_redacted(d, text) : rc;
	}
	if (looks_like_keywords(text)) {
		rc = parse_keywords(d, text, err);
		return rc == STW_OK ? finish_redacted(d, text) : rc;
	}
	if (has_suffix(text, ".db") || has_suffix(text, ".sqlite") || has_suffix(text, ".sqlite3")) {
		d->scheme = stw_strdup("sqlite");
		d->path = stw_strdup(text);
		return finish_redacted(d, text);
	}
	{
		/* Say what it starts with when that is a scheme's name, and
		 * nothing else of it. */
		size_t n = 0;

		while (n < 16 && (isalnum((unsigned char)text[n]) || text[n] == '+' || text[n] == '-' ||
		    text[n] == '.'))
			n++;
		if (known_scheme(text, n) && (text[n] == ':' || text[n] == '/'))
			return stw_error(err, STW_EUSAGE,
			    "cannot tell what kind of data source this is (it starts with '%.*s' but "
			    "not '%.*s://'): use postgres://, mysql://, sqlite:PATH or a file ending in "
			    ".db, .sqlite or .sqlite3", (int)n, text, (int)n, text);
		return stw_error(err, STW_EUSAGE,
		    "cannot tell what kind of data source this is: use postgres://, mysql://, "
		    "sqlite:PATH or a file ending in .db, .sqlite or .sqlite3");
	}
}

void
stw_dsn_release(struct stw_dsn *d)
{
	if (d == NULL)
		return;
	free(d->scheme);
	free(d->redacted);
	free(d->host);
	free(d->user);
	/* Do not leave the secrets lying around in freed heap memory. */
	stw_free_secret(d->password);
	free(d->dbname);
	free(d->path);
	stw_free_secret(d->conninfo);
	stw_strv_clear(&d->params);
	memset(d, 0, sizeof(*d));
}

const char *
stw_dsn_param(const struct stw_dsn *d, const char *key)
{
	size_t n = strlen(key);

	for (size_t i = 0; i < d->params.n; i++)
		if (strncmp(d->params.v[i], key, n) == 0 && d->params.v[i][n] == '=')
			return d->params.v[i] + n + 1;
	return NULL;
}

/* Is the key that ends just before p (an '=') a secret's: password,
 * sslpassword, db_passwd, pwd (case-insensitive)? */
static int
ends_with_password_key(const char *start, const char *p)
{
	static const char *const keys[] = { "password", "passwd", "pwd", NULL };

	while (p > start && isspace((unsigned char)p[-1]))
		p--;
	for (size_t i = 0; keys[i] != NULL; i++) {
		size_t k = strlen(keys[i]);

		if ((size_t)(p - start) >= k && strncasecmp(p - k, keys[i], k) == 0)
			return 1;
	}
	return 0;
}

char *
stw_dsn_redact(const char *text)
{
	struct stw_buf b = STW_BUF_INIT;
	const char *scheme = strstr(text, "://");
	const char *p = text;

	if (scheme != NULL) {
		/* userinfo: scheme://user:SECRET@host */
		const char *auth = scheme + 3;
		const char *stop = auth + strcspn(auth, "/?");
		const char *at = NULL;
		for (const char *s = auth; s < stop; s++)
			if (*s == '@')
				at = s;
		if (at != NULL) {
			const char *colon = memchr(auth, ':', (size_t)(at - auth));
			if (colon != NULL) {
				stw_buf_add(&b, text, (size_t)(colon + 1 - text));
				stw_buf_adds(&b, "***");
				p = at;
			}
		}
	}
	/* password=SECRET anywhere (keyword strings and ?password=). */
	while (*p) {
		if (*p == '=' && ends_with_password_key(text, p)) {
			stw_buf_addc(&b, '=');
			p++;
			while (isspace((unsigned char)*p))
				p++;
			stw_buf_adds(&b, "***");
			if (*p == '\'') {
				p++;
				while (*p && *p != '\'') {
					if (*p == '\\' && p[1])
						p++;
					p++;
				}
				if (*p)
					p++;
			} else {
				while (*p && !isspace((unsigned char)*p) && *p != '&')
					p++;
			}
			continue;
		}
		stw_buf_addc(&b, *p++);
	}
	return stw_buf_detach(&b);
}

char *
stw_dsn_default_name(const struct stw_dsn *d)
{
	if (d->path != NULL) {
		const char *base = strrchr(d->path, '/');
		const char *dot;
		base = base ? base + 1 : d->path;
		dot = strrchr(base, '.');
		if (dot != NULL && dot != base)
			return stw_strndup(base, (size_t)(dot - base));
		return stw_strdup(base);
	}
	if (d->dbname != NULL)
		return stw_strdup(d->dbname);
	if (d->user != NULL)
		return stw_strdup(d->user);
	return stw_strdup(d->scheme);
}

/* A driver message as one line, without the password whatever the driver
 * put in it: newlines and tabs become single spaces, trailing full stops go,
 * "password=" values and the literal password become "***".  Caller frees. */
char *
stw_dsn_scrub_message(const char *msg, const char *password)
{
	struct stw_buf b = STW_BUF_INIT;
	char *red, *out;
	const char *p;

	if (msg == NULL || *msg == '\0')
		msg = "unknown error";
	for (p = msg; *p; p++) {
		char ch = (*p == '\t' || *p == '\r') ? ' ' : *p;
		if (ch == '\n') {
			while (p[1] == ' ' || p[1] == '\t' || p[1] == '\n' || p[1] == '\r')
				p++;
			while (b.len > 0 && (b.buf[b.len - 1] == ' ' || b.buf[b.len - 1] == '.'))
				b.buf[--b.len] = '\0';
			/* A wrapped line goes on after a space; a new sentence after "; ". */
			if (p[1] != '\0' && b.len > 0)
				stw_buf_adds(&b, isupper((unsigned char)p[1]) ? "; " : " ");
			continue;
		}
		if (ch == ' ' && (b.len == 0 || b.buf[b.len - 1] == ' '))
			continue;
		stw_buf_addc(&b, ch);
	}
	while (b.len > 0 && (b.buf[b.len - 1] == ' ' || b.buf[b.len - 1] == '.'))
		b.buf[--b.len] = '\0';
	red = stw_dsn_redact(b.buf);
	stw_buf_release(&b);
	if (password != NULL && password[0] != '\0' && strstr(red, password) != NULL) {
		size_t n = strlen(password);
		for (p = red; *p;) {
			if (strncmp(p, password, n) == 0) {
				stw_buf_adds(&b, "***");
				p += n;
			} else {
				stw_buf_addc(&b, *p++);
			}
		}
		out = stw_buf_detach(&b);
		free(red);
		return out;
	}
	return red;
}
