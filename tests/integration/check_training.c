#include <check.h>
#include "harness.h"
#include "suites.h"
Suite *integration_training_suite(void) { Suite *s = suite_create("integration_training"); harness_add_stop(s); return s; }
