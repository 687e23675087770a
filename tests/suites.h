/* suites.h - every Check suite, one per module. */
#ifndef MODELSCALE_SUITES_H
#define MODELSCALE_SUITES_H

#include <check.h>

Suite *params_suite(void);
Suite *numfmt_suite(void);
Suite *compare_suite(void);
Suite *estimate_suite(void);
Suite *scaling_suite(void);
Suite *json_codec_suite(void);
Suite *config_suite(void);
Suite *routes_suite(void);
Suite *handlers_suite(void);
Suite *cli_table_suite(void);
Suite *catalog_file_suite(void);
Suite *cors_suite(void);
Suite *http_cache_suite(void);
Suite *metrics_suite(void);
/* the integration suites, one per route family (tests/integration/) */
Suite *integration_compare_suite(void);
Suite *integration_catalogs_suite(void);
Suite *integration_estimates_suite(void);
Suite *integration_service_suite(void);
Suite *integration_errors_suite(void);

#endif
