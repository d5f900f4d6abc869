/*
 * Unit tests for table subjects (scanner/subject.c): synthetic catalogs
 * classified by the built-in rules on names alone, then lineage and
 * subject inference as a scan runs them.  Each case is a shape real
 * schemas have: people and their events, a business customer with a
 * contact person, the employee who handled a business order, link
 * tables, lookups, legacy schemas without foreign keys, 1:1 extensions,
 * configuration overrides and council decisions; and the result does not
 * depend on the order tables were read in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rules/classify.h"
#include "rules/ruleset.h"
#include "scanner/config.h"
#include "scanner/inventory.h"
#include "scanner/lineage.h"
#include "scanner/subject.h"

static struct stw_rules *rules;

/* "id:integer:pk,email:text" -> columns; a third field "pk" marks the key. */
static struct stw_table *
tab(struct stw_source *s, const char *name, const char *cols)
{
	struct stw_table *t = stw_source_add_table(s, "public", name, "table");
	char *copy = stw_strdup(cols), *save = NULL;

	for (char *c = strtok_r(copy, ",", &save); c != NULL; c = strtok_r(NULL, ",", &save)) {
		char *type = strchr(c, ':'), *pk = NULL;
		struct stw_column *col;

		if (type != NULL) {
			*type++ = '\0';
			if ((pk = strchr(type, ':')) != NULL)
				*pk++ = '\0';
		}
		col = stw_table_add_column(t, c, type ? type : "text", 1);
		col->primary_key = pk != NULL && strcmp(pk, "pk") == 0;
	}
	free(copy);
	return t;
}

static void
fk(struct stw_table *t, const char *cols, const char *ref, const char *refcols)
{
	struct stw_fkey *k = stw_table_add_fkey(t);
	char *a = stw_strdup(cols), *b = stw_strdup(refcols), *s1 = NULL, *s2 = NULL;

	for (char *c = strtok_r(a, ",", &s1); c; c = strtok_r(NULL, ",", &s1))
		stw_strv_push(&k->columns, c);
	for (char *c = strtok_r(b, ",", &s2); c; c = strtok_r(NULL, ",", &s2))
		stw_strv_push(&k->ref_columns, c);
	k->ref_schema = stw_strdup("public");
	k->ref_table = stw_strdup(ref);
	free(a);
	free(b);
}

/* Names-only classification, lineage, subjects, propagation: the scan's
 * order without a database. */
static void
run(struct stw_inventory *inv, const struct stw_config *cfg)
{
	struct stw_err err = STW_ERR_INIT;

	for (size_t s = 0; s < inv->nsources; s++)
		for (size_t i = 0; i < inv->sources[s]->ntables; i++) {
			struct stw_tclass *tc = NULL;
			struct stw_table *t = inv->sources[s]->tables[i];

			assert_int_equal(stw_tclass_begin(&tc, rules, t, &err), STW_OK);
			assert_int_equal(stw_tclass_finish(tc, t, 0, &err), STW_OK);
			stw_tclass_free(tc);
		}
	for (size_t s = 0; s < inv->nsources; s++)
		assert_int_equal(stw_lineage_from_source(inv, inv->sources[s], &err), STW_OK);
	stw_subject_decisions(inv, cfg);
	assert_int_equal(stw_subject_infer(inv, cfg, rules, &err), STW_OK);
	assert_int_equal(stw_lineage_propagate(inv, &err), STW_OK);
	stw_subject_decisions(inv, cfg);
	stw_subject_views(inv, cfg);
}

static const struct stw_table *
T(const struct stw_inventory *inv, const char *name)
{
	const struct stw_table *t = stw_source_find_table(inv->sources[0], "public", name);

	if (t == NULL)
		fail_msg("no table %s", name);
	return t;
}

static const char *
subj(const struct stw_inventory *inv, const char *table)
{
	return stw_subject_name(T(inv, table)->subject.kind);
}

/* "category/sensitivity/evidence" of a column's findings, joined by ','. */
static char got[512];

static const char *
F(const struct stw_inventory *inv, const char *table, const char *column)
{
	const struct stw_column *c = stw_table_find_column(T(inv, table), column);
	size_t n = 0;

	got[0] = '\0';
	if (c == NULL)
		fail_msg("no column %s.%s", table, column);
	for (size_t i = 0; i < c->nfindings; i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s/%s/%s", i ? "," : "",
		    c->findings[i]->category, stw_sensitivity_name(c->findings[i]->sensitivity),
		    stw_evidence_name(c->findings[i]->evidence));
	return got;
}

static size_t
ndismissed(const struct stw_inventory *inv, const char *table, const char *column)
{
	return stw_table_find_column(T(inv, table), column)->ndismissed;
}

/* ---- shapes ------------------------------------------------------------ */

/* A rental shop: people, their rentals and payments, staff who served
 * them, a store, a catalogue. */
static struct stw_inventory *
rental_shop(int reversed)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "shop");
	struct stw_table *t[8] = { 0 };
	const char *order[8] = { "member", "clerk", "branch", "title", "rental", "fee_payment",
		"title_genre", "genre" };

	for (int k = 0; k < 8; k++) {
		const char *n = order[reversed ? 7 - k : k];

		if (strcmp(n, "member") == 0)
			t[0] = tab(s, n, "member_id:integer:pk,first_name,last_name,email,birth_date:date,"
			    "joined_on:date,active:boolean,branch_id:integer,last_update:timestamp");
		else if (strcmp(n, "clerk") == 0)
			t[1] = tab(s, n, "clerk_id:integer:pk,first_name,last_name,username,branch_id:integer");
		else if (strcmp(n, "branch") == 0)
			t[2] = tab(s, n, "branch_id:integer:pk,address,phone,manager_clerk_id:integer");
		else if (strcmp(n, "title") == 0)
			t[3] = tab(s, n, "title_id:integer:pk,title,release_year:integer,rental_rate:numeric");
		else if (strcmp(n, "rental") == 0)
			t[4] = tab(s, n, "rental_id:integer:pk,member_id:integer,title_id:integer,"
			    "clerk:integer,rented_at:timestamp,returned_at:timestamp,last_update:timestamp");
		else if (strcmp(n, "fee_payment") == 0)
			t[5] = tab(s, n, "fee_payment_id:integer:pk,rental_id:integer,amount:numeric,"
			    "paid_at:timestamp");
		else if (strcmp(n, "title_genre") == 0)
			t[6] = tab(s, n, "title_id:integer:pk,genre_id:integer:pk,last_update:timestamp");
		else
			t[7] = tab(s, n, "genre_id:integer:pk,name");
	}
	fk(t[0], "branch_id", "branch", "branch_id");
	fk(t[1], "branch_id", "branch", "branch_id");
	fk(t[2], "manager_clerk_id", "clerk", "clerk_id");
	fk(t[4], "member_id", "member", "member_id");
	fk(t[4], "title_id", "title", "title_id");
	fk(t[4], "clerk", "clerk", "clerk_id");
	fk(t[5], "rental_id", "rental", "rental_id");
	fk(t[6], "title_id", "title", "title_id");
	fk(t[6], "genre_id", "genre", "genre_id");
	return inv;
}

static void
test_subject__rental_shop(void **state)
{
	struct stw_inventory *inv = rental_shop(0);

	run(inv, NULL);
	assert_string_equal(subj(inv, "member"), "person");
	assert_string_equal(subj(inv, "clerk"), "person");
	assert_string_equal(subj(inv, "branch"), "organisation");
	assert_string_equal(subj(inv, "title"), "reference");
	assert_string_equal(subj(inv, "rental"), "person_event");
	assert_string_equal(subj(inv, "fee_payment"), "person_event");
	assert_string_equal(subj(inv, "genre"), "reference");
	/* keys of people: their own, and every key that references one,
	 * whatever it is called */
	assert_string_equal(F(inv, "member", "member_id"), "user.unique_id/personal/name");
	assert_string_equal(F(inv, "clerk", "clerk_id"), "user.unique_id/personal/subject");
	assert_string_equal(F(inv, "rental", "clerk"), "user.unique_id/personal/fk");
	assert_string_equal(F(inv, "branch", "manager_clerk_id"), "user.unique_id/personal/fk");
	/* attributes of rows about a person */
	assert_string_equal(F(inv, "rental", "rented_at"), "user.behavior/linked/subject");
	assert_string_equal(F(inv, "fee_payment", "amount"), "user.financial/linked/subject");
	assert_string_equal(F(inv, "member", "joined_on"), "user.account/linked/subject");
	/* ... but not their keys to things, nor row maintenance */
	assert_string_equal(F(inv, "rental", "title_id"), "");
	assert_string_equal(F(inv, "rental", "rental_id"), "");
	assert_string_equal(F(inv, "rental", "last_update"), "");
	assert_string_equal(F(inv, "member", "branch_id"), "");
	/* an organisation's address and phone are its own */
	assert_string_equal(F(inv, "branch", "address"), "");
	assert_string_equal(F(inv, "branch", "phone"), "");
	assert_true(ndismissed(inv, "branch", "phone") == 1);
	/* the catalogue holds no one's data */
	assert_string_equal(F(inv, "title", "rental_rate"), "");
	assert_string_equal(F(inv, "title_genre", "title_id"), "");
	/* every subject says why */
	assert_true(T(inv, "rental")->subject.evidence.n > 0);
	assert_non_null(strstr(T(inv, "rental")->subject.evidence.v[0], "member"));
	stw_inventory_free(inv);
}

/* The same catalog read in the opposite order gives the same result. */
static void
test_subject__order_independent(void **state)
{
	struct stw_inventory *a = rental_shop(0), *b = rental_shop(1);
	char *ta, *tb;

	run(a, NULL);
	run(b, NULL);
	stw_inventory_sort(a);
	stw_inventory_sort(b);
	free(a->generated_at);
	free(b->generated_at);
	a->generated_at = b->generated_at = NULL;
	ta = stw_inventory_to_json(a);
	tb = stw_inventory_to_json(b);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
	stw_inventory_free(a);
	stw_inventory_free(b);
}

/* B2B: a customer that is a company with a contact person, its orders
 * handled by an employee, shipped by a shipper. */
static void
test_subject__business_customers(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "trade");
	struct stw_table *cust, *emp, *ord, *line, *ship, *prod;

	cust = tab(s, "customers", "customer_id:integer:pk,customer_name,contact_first_name,"
	    "contact_last_name,contact_title,phone,address_line1,city,postal_code,country,"
	    "credit_limit:numeric,sales_rep_employee_id:integer");
	emp = tab(s, "employees", "employee_id:integer:pk,first_name,last_name,email,extension,"
	    "job_title,reports_to:integer,office_code");
	ship = tab(s, "shippers", "shipper_id:integer:pk,company_name,phone");
	prod = tab(s, "products", "product_id:integer:pk,product_name,unit_price:numeric");
	ord = tab(s, "orders", "order_id:integer:pk,customer_id:integer,employee_id:integer,"
	    "ship_via:integer,order_date:date,freight:numeric,ship_address,ship_city");
	line = tab(s, "order_details", "order_id:integer:pk,product_id:integer:pk,quantity:integer,"
	    "discount:numeric");
	fk(cust, "sales_rep_employee_id", "employees", "employee_id");
	fk(emp, "reports_to", "employees", "employee_id");
	fk(ord, "customer_id", "customers", "customer_id");
	fk(ord, "employee_id", "employees", "employee_id");
	fk(ord, "ship_via", "shippers", "shipper_id");
	fk(line, "order_id", "orders", "order_id");
	fk(line, "product_id", "products", "product_id");
	(void)ship, (void)prod;
	run(inv, NULL);
	assert_string_equal(subj(inv, "customers"), "organisation");
	assert_string_equal(subj(inv, "employees"), "person");
	assert_string_equal(subj(inv, "shippers"), "organisation");
	assert_string_equal(subj(inv, "orders"), "organisation");
	assert_string_equal(subj(inv, "order_details"), "organisation");
	/* the company's own data is not personal; its contact person is */
	assert_string_equal(F(inv, "customers", "customer_name"), "");
	assert_string_equal(F(inv, "customers", "phone"), "");
	assert_string_equal(F(inv, "customers", "credit_limit"), "");
	assert_string_equal(F(inv, "customers", "customer_id"), "");
	assert_string_equal(F(inv, "customers", "contact_first_name"), "user.name.first/personal/name");
	assert_non_null(stw_table_find_column(T(inv, "customers"), "contact_first_name")->findings[0]->note);
	assert_string_equal(F(inv, "customers", "sales_rep_employee_id"), "user.unique_id/personal/name");
	assert_null(stw_table_find_column(T(inv, "customers"), "sales_rep_employee_id")->findings[0]->note);
	/* a business order is not about the employee who handled it, but
	 * the employee's key still identifies them */
	assert_string_equal(F(inv, "orders", "order_date"), "");
	assert_string_equal(F(inv, "orders", "freight"), "");
	assert_string_equal(F(inv, "orders", "customer_id"), "");
	assert_string_equal(F(inv, "orders", "employee_id"), "user.unique_id/personal/name");
	assert_string_equal(F(inv, "shippers", "phone"), "");
	/* employees' extension numbers and titles are theirs */
	assert_string_equal(F(inv, "employees", "reports_to"), "user.unique_id/personal/fk");
	stw_inventory_free(inv);
}

/* HR: assignment and salary spells are events about the employee; the
 * department is part of the organisation. */
static void
test_subject__hr_spells(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "hr");
	struct stw_table *emp, *dept, *de, *sal;

	emp = tab(s, "employees", "emp_no:integer:pk,birth_date:date,first_name,last_name,gender,"
	    "hire_date:date");
	dept = tab(s, "departments", "dept_no:char(4):pk,dept_name");
	de = tab(s, "dept_emp", "emp_no:integer:pk,dept_no:char(4):pk,from_date:date,to_date:date");
	sal = tab(s, "salaries", "emp_no:integer:pk,from_date:date:pk,salary:integer,to_date:date");
	fk(de, "emp_no", "employees", "emp_no");
	fk(de, "dept_no", "departments", "dept_no");
	fk(sal, "emp_no", "employees", "emp_no");
	(void)dept, (void)emp;
	run(inv, NULL);
	assert_string_equal(subj(inv, "employees"), "person");
	assert_string_equal(subj(inv, "departments"), "organisation");
	assert_string_equal(subj(inv, "dept_emp"), "person_event");
	assert_string_equal(subj(inv, "salaries"), "person_event");
	assert_string_equal(F(inv, "employees", "emp_no"), "user.unique_id/personal/name");
	assert_string_equal(F(inv, "dept_emp", "emp_no"), "user.unique_id/personal/name");
	assert_string_equal(F(inv, "dept_emp", "dept_no"), "");
	assert_string_equal(F(inv, "dept_emp", "from_date"),
	    "user.professional_information/linked/subject");
	assert_string_equal(F(inv, "salaries", "to_date"),
	    "user.professional_information/linked/subject");
	stw_inventory_free(inv);
}

/* Lookups, link tables of things, and naming styles. */
static void
test_subject__naming_styles(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "app");
	struct stw_table *pat, *visit, *ctry;

	pat = tab(s, "tblPatients", "PatientID:integer:pk,FirstName,LastName,DateOfBirth:date,"
	    "CountryCode");
	visit = tab(s, "PatientVisit", "VisitID:integer:pk,PatientID:integer,VisitDate:date,"
	    "Reason");
	ctry = tab(s, "REF_CTRY", "CTRY_CD:char(2):pk,CTRY_NM");
	tab(s, "CustomerAccount", "id:integer:pk,email,display_name,created_at:timestamp");
	tab(s, "ORD_HDR", "ORD_NO:integer:pk,CUST_NO:integer,ORD_DT:date,ORD_AMT:numeric");
	tab(s, "sys_job_runs", "run_id:integer:pk,job_name,started_at:timestamp,status");
	fk(visit, "PatientID", "tblPatients", "PatientID");
	fk(pat, "CountryCode", "REF_CTRY", "CTRY_CD");
	(void)ctry;
	run(inv, NULL);
	assert_string_equal(subj(inv, "tblPatients"), "person");
	assert_string_equal(subj(inv, "PatientVisit"), "person_event");
	assert_string_equal(subj(inv, "REF_CTRY"), "reference");
	assert_string_equal(subj(inv, "CustomerAccount"), "person");
	assert_string_equal(subj(inv, "sys_job_runs"), "reference");
	/* a legacy order header: no foreign key, but CUST_NO is a person's key */
	assert_string_equal(subj(inv, "ORD_HDR"), "person_event");
	assert_string_equal(F(inv, "ORD_HDR", "ORD_AMT"), "user.behavior.purchase_history/linked/subject");
	assert_string_equal(F(inv, "ORD_HDR", "ORD_NO"), "");
	assert_string_equal(F(inv, "PatientVisit", "Reason"), "user.content.private/linked/subject");
	assert_string_equal(F(inv, "sys_job_runs", "started_at"), "");
	{
		char *w = stw_subject_words("tbl_Customers");
		assert_string_equal(w, "tbl_customer");
		free(w);
		w = stw_subject_words("CustomerAddresses");
		assert_string_equal(w, "customer_address");
		free(w);
		w = stw_subject_words("PEOPLE");
		assert_string_equal(w, "person");
		free(w);
	}
	stw_inventory_free(inv);
}

/* A 1:1 extension of a person keeps their key; what references the
 * extension's key references the person. */
static void
test_subject__extension_chain(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "clinic");
	struct stw_table *p, *x, *a;

	p = tab(s, "patients", "id:integer:pk,first_name,last_name,birth_date:date");
	x = tab(s, "patient_details", "patient_ref:integer:pk,blood_group,notes");
	a = tab(s, "appointments", "appointment_id:integer:pk,holder:integer,starts_at:timestamp");
	fk(x, "patient_ref", "patients", "id");
	fk(a, "holder", "patient_details", "patient_ref");
	(void)p;
	run(inv, NULL);
	assert_string_equal(subj(inv, "patient_details"), "person");
	assert_string_equal(F(inv, "patient_details", "patient_ref"), "user.unique_id/personal/name");
	assert_string_equal(F(inv, "appointments", "holder"), "user.unique_id/personal/fk");
	assert_string_equal(subj(inv, "appointments"), "person_event");
	assert_string_equal(F(inv, "appointments", "starts_at"), "user.behavior/linked/subject");
	stw_inventory_free(inv);
}

static struct stw_config *
config(const char *text)
{
	char path[] = "/tmp/stw-subject-XXXXXX";
	int fd = mkstemp(path);
	struct stw_config *cfg = NULL;
	struct stw_err err = STW_ERR_INIT;
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	if (stw_config_load(&cfg, path, &err) != STW_OK)
		fail_msg("config: %s", err.msg);
	unlink(path);
	return cfg;
}

/* subjects: overrides, not_personal: decisions stick, and copies of a
 * decided column do not inherit what the council settled. */
static void
test_subject__configuration(void **state)
{
	struct stw_inventory *inv = rental_shop(0);
	struct stw_config *cfg = config(
	    "subjects:\n"
	    "  shop.public.branch: person\n"
	    "  shop.*.title*: reference\n"
	    "not_personal:\n"
	    "  - match: shop.public.member.joined_on\n"
	    "    reason: 'council 2026-11-12: joining dates are published'\n"
	    "    decided_by: ethics-council\n");
	const struct stw_column *c;

	run(inv, cfg);
	assert_string_equal(subj(inv, "branch"), "person");
	assert_true(T(inv, "branch")->subject.configured);
	assert_true(T(inv, "branch")->subject.confidence == 1.0);
	assert_non_null(strstr(T(inv, "branch")->subject.evidence.v[0], "subjects:"));
	/* a person table now: its phone is the person's */
	assert_string_equal(F(inv, "branch", "phone"), "user.contact.phone_number/personal/name");
	assert_string_equal(subj(inv, "title_genre"), "reference");
	c = stw_table_find_column(T(inv, "member"), "joined_on");
	assert_int_equal(c->nfindings, 0);
	assert_true(c->decision != NULL);
	assert_string_equal(c->decision->decided_by, "ethics-council");
	assert_non_null(strstr(c->decision->at, ":5:5"));
	stw_config_free(cfg);
	stw_inventory_free(inv);
}

/* A view takes the subject of the tables it reads, and their findings. */
static void
test_subject__views(void **state)
{
	struct stw_inventory *inv = rental_shop(0);
	struct stw_table *v = stw_source_add_table(inv->sources[0], "public", "loan_report", "view");

	v->definition = stw_strdup("SELECT r.rented_at AS day, m.email FROM rental r JOIN member m "
	    "ON m.member_id = r.member_id");
	stw_table_add_column(v, "day", NULL, 1);
	stw_table_add_column(v, "email", NULL, 1);
	inv->sources[0]->engine = stw_strdup("postgres");
	run(inv, NULL);
	assert_string_equal(subj(inv, "loan_report"), "person");
	assert_string_equal(F(inv, "loan_report", "day"), "user.behavior/linked/inherited");
	stw_inventory_free(inv);
}

static int
setup(void **state)
{
	struct stw_err err = STW_ERR_INIT;
	const char *name;

	rules = stw_rules_new();
	for (size_t i = 0; (name = stw_rules_builtin_name(i)) != NULL; i++)
		assert_int_equal(stw_rules_add_builtin(rules, name, &err), STW_OK);
	assert_int_equal(stw_rules_compile(rules, &err), STW_OK);
	return 0;
}

static int
teardown(void **state)
{
	stw_rules_free(rules);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject__rental_shop),
		cmocka_unit_test(test_subject__order_independent),
		cmocka_unit_test(test_subject__business_customers),
		cmocka_unit_test(test_subject__hr_spells),
		cmocka_unit_test(test_subject__naming_styles),
		cmocka_unit_test(test_subject__extension_chain),
		cmocka_unit_test(test_subject__configuration),
		cmocka_unit_test(test_subject__views),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
