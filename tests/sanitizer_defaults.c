/*
 * Linked into sanitizer builds only.  Graphviz 2.42 keeps its parsed plugin
 * config for the life of the process, and pango/fontconfig caches reached
 * through its text layout are never freed; both are library leaks, not ours
 * (INFRA-FACTS section 5); so is one strdup inside libpg_query.  The slow unwinder is needed for the function
 * pattern to match.
 */
const char *__asan_default_options(void);
const char *__lsan_default_options(void);
const char *__lsan_default_suppressions(void);

const char *
__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0:detect_leaks=1";
}

const char *
__lsan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions(void)
{
	return "leak:gvconfig\n"
	       "leak:libfontconfig.so\n"
	       "leak:libpango\n"
	       "leak:gvLayoutJobs\n"   /* dot layout of clusters + HTML labels (2.42) */
	       "leak:htmlparse\n"
	       /* libpg_query 13: pg_query_parse_plpgsql leaks one strdup of
	        * pg_query_raw_parse on some bodies; steward frees the result
	        * (found by tests/fuzz, sql target) */
	       "leak:pg_query_raw_parse\n";
}
