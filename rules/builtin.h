/* The rule packs compiled into the binary (generated from rules/packs/). */
#ifndef STW_BUILTIN_H
#define STW_BUILTIN_H

struct stw_builtin_pack {
	const char *name;        /* "core" */
	const char *file;        /* "core.yaml", for error messages */
	const char *text;        /* YAML, NUL-terminated */
};

/* Terminated by an entry whose name is NULL. */
extern const struct stw_builtin_pack stw_builtin_packs[];

#endif
