/*
 * check_printer.c: the code printer: indentation from braces.
 */
#include "tests/unit/unit.h"

#include "printer.h"

START_TEST(test_printer)
{
	struct printer p;

	printer_init(&p);
	printer_line(&p, "f(void)");
	printer_line(&p, "{");
	printer_line(&p, "if (x) {");
	printer_line(&p, "y();");
	printer_line(&p, "}");
	printer_line(&p, "#if 0");
	printer_line(&p, "}");
	ck_assert_str_eq(p.buf,
			 "f(void)\n{\n\tif (x) {\n\t\ty();\n\t}\n#if 0\n}\n");
	printer_free(&p);
}
END_TEST

static Suite *
printer_suite(void)
{
	Suite *s = suite_create("printer");
	TCase *tc = tcase_create("printer");

	tcase_add_test(tc, test_printer);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(printer_suite)
