/* A small test harness for the C tests of eniplan: checks that report where and why they
 * failed, a JSON field reader good enough for the model's compact responses, and wrappers that
 * pass strings with their lengths. */
#ifndef ENIPLAN_TEST_COMMON_H
#define ENIPLAN_TEST_COMMON_H

#include <eniplan.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last failure message of this thread, in a static buffer. */
static inline const char *last_error(void) {
  static char message[1024];
  eniplan_last_error_message(message, sizeof message);
  return message;
}

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
      exit(1);                                                                   \
    }                                                                            \
  } while (0)

/* Checks the result of a call, printing both codes and the last message when it differs. */
#define CHECK_RESULT(call, expected)                                                  \
  do {                                                                                \
    eniplan_result got_ = (call);                                                     \
    eniplan_result want_ = (expected);                                                \
    if (got_ != want_) {                                                              \
      fprintf(stderr, "%s:%d: %s\n  gave %u %s (%s), expected %u %s\n", __FILE__,     \
              __LINE__, #call, (unsigned)got_, eniplan_result_code(got_), last_error(), \
              (unsigned)want_, eniplan_result_code(want_));                           \
      exit(1);                                                                        \
    }                                                                                 \
  } while (0)

#define CHECK_STR(got, want)                                                            \
  do {                                                                                  \
    const char *got_s_ = (got);                                                         \
    const char *want_s_ = (want);                                                       \
    if (strcmp(got_s_, want_s_) != 0) {                                                 \
      fprintf(stderr, "%s:%d: %s\n  is \"%s\"\n  expected \"%s\"\n", __FILE__, __LINE__, \
              #got, got_s_, want_s_);                                                   \
      exit(1);                                                                          \
    }                                                                                   \
  } while (0)

#define CHECK_CONTAINS(haystack, needle)                                                 \
  do {                                                                                   \
    const char *hay_ = (haystack);                                                       \
    if (strstr(hay_, (needle)) == NULL) {                                                \
      fprintf(stderr, "%s:%d: \"%s\"\n  does not contain \"%s\"\n", __FILE__, __LINE__, \
              hay_, (needle));                                                           \
      exit(1);                                                                           \
    }                                                                                    \
  } while (0)

struct test {
  const char *name;
  void (*run)(void);
};

/* Runs every test, printing one line each; a failing check exits with status 1. */
static inline int run_tests(const char *file, const struct test *tests, size_t count) {
  const char *program = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
  for (size_t i = 0; i < count; i++) {
    tests[i].run();
    printf("ok - %s: %s\n", program, tests[i].name);
    fflush(stdout);
  }
  return 0;
}

#define RUN_TESTS(tests) run_tests(__FILE__, tests, sizeof(tests) / sizeof(tests[0]))

/* A model with the lowest-free strategy, so addresses are predictable. */
static inline eniplan_ec2 *new_model(void) {
  eniplan_ec2 *ec2 = NULL;
  CHECK_RESULT(eniplan_ec2_new(ENIPLAN_STRATEGY_LOWEST, 1, &ec2), ENIPLAN_RESULT_OK);
  CHECK(ec2 != NULL);
  return ec2;
}

/* eniplan_ec2_call on NUL-terminated strings; *out is NULL unless the call succeeded. */
static inline eniplan_result call(eniplan_ec2 *ec2, const char *action, const char *request,
                                  char **out) {
  size_t len = 12345;
  eniplan_result result =
      eniplan_ec2_call(ec2, action, strlen(action), request, strlen(request), out, &len);
  if (result == ENIPLAN_RESULT_OK) {
    CHECK(*out != NULL);
    CHECK(len == strlen(*out));
  } else {
    CHECK(*out == NULL);
    CHECK(len == 0);
  }
  return result;
}

/* Calls an action that must succeed and returns its response (free with eniplan_string_free). */
static inline char *call_ok(eniplan_ec2 *ec2, const char *action, const char *request) {
  char *out = NULL;
  CHECK_RESULT(call(ec2, action, request, &out), ENIPLAN_RESULT_OK);
  return out;
}

/* Copies the string value of the first `"key":"value"` in `json` into `out`. */
static inline void json_string(const char *json, const char *key, char *out, size_t out_len) {
  char pattern[128];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  const char *start = strstr(json, pattern);
  if (start == NULL) {
    fprintf(stderr, "no \"%s\" in %s\n", key, json);
    exit(1);
  }
  start += strlen(pattern);
  const char *end = strchr(start, '"');
  CHECK(end != NULL && (size_t)(end - start) < out_len);
  memcpy(out, start, (size_t)(end - start));
  out[end - start] = '\0';
}

/* The number value of the first `"key":N` in `json`. */
static inline long json_number(const char *json, const char *key) {
  char pattern[128];
  snprintf(pattern, sizeof pattern, "\"%s\":", key);
  const char *start = strstr(json, pattern);
  if (start == NULL) {
    fprintf(stderr, "no \"%s\" in %s\n", key, json);
    exit(1);
  }
  return strtol(start + strlen(pattern), NULL, 10);
}

/* An id from one action's response: `key` of the first object in it. */
static inline void create_and_get(eniplan_ec2 *ec2, const char *action, const char *request,
                                  const char *key, char *out, size_t out_len) {
  char *response = call_ok(ec2, action, request);
  json_string(response, key, out, out_len);
  eniplan_string_free(response);
}

/* A VPC 10.0.0.0/16 with the subnet 10.0.1.0/24; writes the subnet's id. */
static inline void make_subnet(eniplan_ec2 *ec2, char *subnet_id, size_t len) {
  char vpc_id[64], request[256];
  create_and_get(ec2, "CreateVpc", "{\"CidrBlock\":\"10.0.0.0/16\"}", "VpcId", vpc_id,
                 sizeof vpc_id);
  snprintf(request, sizeof request, "{\"VpcId\":\"%s\",\"CidrBlock\":\"10.0.1.0/24\"}", vpc_id);
  create_and_get(ec2, "CreateSubnet", request, "SubnetId", subnet_id, len);
}

/* One running instance of `type` in the subnet; writes its primary interface's id. */
static inline void run_instance(eniplan_ec2 *ec2, const char *subnet_id, const char *type,
                                char *eni_id, size_t len) {
  char request[256];
  snprintf(request, sizeof request,
           "{\"InstanceType\":\"%s\",\"MinCount\":1,\"MaxCount\":1,\"SubnetId\":\"%s\"}", type,
           subnet_id);
  create_and_get(ec2, "RunInstances", request, "NetworkInterfaceId", eni_id, len);
}

/* An unattached interface in the subnet; writes its id. */
static inline void create_interface(eniplan_ec2 *ec2, const char *subnet_id, char *eni_id,
                                    size_t len) {
  char request[128];
  snprintf(request, sizeof request, "{\"SubnetId\":\"%s\"}", subnet_id);
  create_and_get(ec2, "CreateNetworkInterface", request, "NetworkInterfaceId", eni_id, len);
}

/* The whole DescribeNetworkInterfaces answer plus the subnets', to compare states. */
static inline char *snapshot(eniplan_ec2 *ec2) {
  char *interfaces = call_ok(ec2, "DescribeNetworkInterfaces", "{}");
  char *subnets = call_ok(ec2, "DescribeSubnets", "{}");
  size_t len = strlen(interfaces) + strlen(subnets) + 2;
  char *both = malloc(len);
  CHECK(both != NULL);
  snprintf(both, len, "%s\n%s", interfaces, subnets);
  eniplan_string_free(interfaces);
  eniplan_string_free(subnets);
  return both;
}

/* 10.0.1.x in host byte order. */
#define ADDR(a, b, c, d) \
  (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

#endif /* ENIPLAN_TEST_COMMON_H */
