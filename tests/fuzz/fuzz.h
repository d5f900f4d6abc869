/*
 * libFuzzer entry points (tests/fuzz/README.md).  Each fuzz_*.c defines
 * LLVMFuzzerTestOneInput; built with clang -fsanitize=fuzzer it is a
 * fuzzer (scripts/fuzz), built with replay.c it runs its corpus and the
 * checked-in crashers as a regression test under ctest.
 */
#ifndef STW_FUZZ_H
#define STW_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (inputs hold NULs: cut there). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A property that must hold whatever the input: a failure is a finding. */
#define FUZZ_ASSERT(x) do { if (!(x)) abort(); } while (0)

#endif
