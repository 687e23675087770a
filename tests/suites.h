/* suites.h - every Check suite, one per module. */
#ifndef MODELSCALE_SUITES_H
#define MODELSCALE_SUITES_H

#include <check.h>

Suite *params_suite(void);
Suite *numfmt_suite(void);
Suite *compare_suite(void);
Suite *estimate_suite(void);
Suite *scaling_suite(void);
Suite *gpu_suite(void);
Suite *dtype_suite(void);
Suite *inference_suite(void);
Suite *training_suite(void);
Suite *arch_suite(void);
Suite *arch_reader_suite(void);
Suite *json_text_suite(void);
Suite *request_compare_suite(void);
Suite *answer_suite(void);
Suite *answer_count_suite(void);
Suite *config_suite(void);
Suite *routes_suite(void);
Suite *handlers_suite(void);
Suite *cli_table_suite(void);
Suite *cli_count_suite(void);
Suite *catalog_file_suite(void);
Suite *cors_suite(void);
Suite *etag_suite(void);
Suite *dispatch_suite(void);
Suite *answer_cache_suite(void);
Suite *access_log_suite(void);
Suite *body_budget_suite(void);
Suite *answer_budget_suite(void);
Suite *body_suite(void);
Suite *metrics_suite(void);
Suite *text_buf_suite(void);
Suite *field_suite(void);
Suite *gpu_doc_suite(void);
Suite *request_plans_suite(void);
Suite *request_subject_suite(void);
Suite *request_training_suite(void);
Suite *request_inference_suite(void);
Suite *request_serving_suite(void);
/* the integration suites, one per route family (tests/integration/) */
Suite *integration_compare_suite(void);
Suite *integration_catalogs_suite(void);
Suite *integration_estimates_suite(void);
Suite *integration_service_suite(void);
Suite *integration_errors_suite(void);
Suite *integration_training_suite(void);
Suite *integration_inference_suite(void);
Suite *integration_count_suite(void);

#endif
