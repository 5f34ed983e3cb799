/* eniplan_result_code, the per-thread last error message (errno style), the version, and one
 * handle shared by several threads. */
#include "common.h"

#include <pthread.h>

static void names_every_kind_of_result(void) {
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_OK), "OK");
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_NULL_ARGUMENT), "NullArgument");
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_INVALID_UTF8), "InvalidUtf8");
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_BUFFER_TOO_SMALL), "BufferTooSmall");
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_PANIC), "Panic");
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_INVALID_ARGUMENT), "InvalidArgument");
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_POISONED), "Poisoned");
  /* EC2's own spelling, "Id" in one code and "ID" in the next. */
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_INVALID_NETWORK_INTERFACE_ID_MALFORMED),
            "InvalidNetworkInterfaceId.Malformed");
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_INVALID_NETWORK_INTERFACE_ID_NOT_FOUND),
            "InvalidNetworkInterfaceID.NotFound");
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_INVALID_IP_ADDRESS_IN_USE),
            "InvalidIPAddress.InUse");
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_INVALID_ACTION), "InvalidAction");
  CHECK(ENIPLAN_RESULT_MISSING_PARAMETER == 100 && ENIPLAN_RESULT_INVALID_ACTION == 500);
  const uint32_t unknown[] = {7, 99, 107, 239, 1000, UINT32_MAX};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
    CHECK_STR(eniplan_result_code(unknown[i]), "Unknown");
  }
}

static void copies_the_last_message_errno_style(void) {
  eniplan_ec2 *ec2 = new_model();
  char *out = NULL;
  const char *message = "The action Nope is not valid for this web service.";
  size_t full = strlen(message);
  CHECK_RESULT(call(ec2, "Nope", "{}", &out), ENIPLAN_RESULT_INVALID_ACTION);

  /* The length alone, then a buffer too small (cut, NUL-terminated), then an exact fit. */
  CHECK(eniplan_last_error_message(NULL, 0) == full);
  CHECK(eniplan_last_error_message(NULL, 100) == full);
  char small[8];
  memset(small, 'x', sizeof small);
  CHECK(eniplan_last_error_message(small, sizeof small) == full);
  CHECK_STR(small, "The act");
  char exact[64];
  CHECK(full + 1 <= sizeof exact);
  CHECK(eniplan_last_error_message(exact, full + 1) == full);
  CHECK_STR(exact, message);
  char one = 'x';
  CHECK(eniplan_last_error_message(&one, 1) == full);
  CHECK(one == '\0');

  /* Success leaves the message; the next failure replaces it. */
  eniplan_string_free(call_ok(ec2, "DescribeVpcs", "{}"));
  CHECK_STR(last_error(), message);
  eniplan_ec2 *never = NULL;
  CHECK_RESULT(eniplan_ec2_new(9, 0, &never), ENIPLAN_RESULT_INVALID_ARGUMENT);
  CHECK(never == NULL);
  CHECK_STR(last_error(), "unknown strategy 9");

  /* A message with a two-byte character is cut before it, never inside it. */
  const char id[] = "eni-\xc3\xa9";
  uint32_t addresses[1];
  size_t count;
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(ec2, id, strlen(id), 1, addresses, 1,
                                                           &count),
               ENIPLAN_RESULT_INVALID_NETWORK_INTERFACE_ID_MALFORMED);
  CHECK_STR(last_error(), "Invalid id: \"eni-\xc3\xa9\" (expecting \"eni-...\")");
  /* `Invalid id: "eni-` is 17 bytes and é the next 2: room for 18 bytes would split é, so
   * only the 17 before it are copied. */
  char cut[19];
  CHECK(eniplan_last_error_message(cut, sizeof cut) == strlen(last_error()));
  CHECK_STR(cut, "Invalid id: \"eni-");
  char cut_after[20];
  eniplan_last_error_message(cut_after, sizeof cut_after);
  CHECK_STR(cut_after, "Invalid id: \"eni-\xc3\xa9");
  eniplan_ec2_free(ec2);
}

static void has_a_version(void) {
  const char *version = eniplan_version();
  CHECK(version != NULL && strlen(version) >= 5 && strchr(version, '.') != NULL);
}

#define THREADS 4
#define ROUNDS 25

struct worker {
  eniplan_ec2 *ec2;
  char eni[64];
  uint32_t assigned[ROUNDS];
  int failures;
};

static void *work(void *arg) {
  struct worker *w = arg;
  for (int i = 0; i < ROUNDS; i++) {
    size_t count = 0;
    eniplan_result r = eniplan_ec2_assign_private_ip_address_count(
        w->ec2, w->eni, strlen(w->eni), 1, &w->assigned[i], 1, &count);
    if (r != ENIPLAN_RESULT_OK || count != 1) {
      w->failures++;
    }
  }
  /* This thread's own failure message, whatever the others do meanwhile. */
  if (eniplan_ec2_call(w->ec2, w->eni, strlen(w->eni), "{}", 2, &(char *){NULL}, NULL) !=
      ENIPLAN_RESULT_INVALID_ACTION) {
    w->failures++;
  }
  char message[128];
  char expected[128];
  snprintf(expected, sizeof expected, "The action %s is not valid for this web service.", w->eni);
  eniplan_last_error_message(message, sizeof message);
  if (strcmp(message, expected) != 0) {
    w->failures++;
  }
  return NULL;
}

static void one_handle_serves_several_threads(void) {
  eniplan_ec2 *ec2 = new_model();
  char subnet[64], vpc[64], request[128];
  create_and_get(ec2, "CreateVpc", "{\"CidrBlock\":\"10.9.0.0/16\"}", "VpcId", vpc, sizeof vpc);
  snprintf(request, sizeof request, "{\"VpcId\":\"%s\",\"CidrBlock\":\"10.9.0.0/22\"}", vpc);
  create_and_get(ec2, "CreateSubnet", request, "SubnetId", subnet, sizeof subnet);

  struct worker workers[THREADS];
  pthread_t threads[THREADS];
  for (int t = 0; t < THREADS; t++) {
    workers[t].ec2 = ec2;
    workers[t].failures = 0;
    /* Unattached interfaces hold up to 64 addresses. */
    create_interface(ec2, subnet, workers[t].eni, sizeof workers[t].eni);
  }
  for (int t = 0; t < THREADS; t++) {
    CHECK(pthread_create(&threads[t], NULL, work, &workers[t]) == 0);
  }
  for (int t = 0; t < THREADS; t++) {
    CHECK(pthread_join(threads[t], NULL) == 0);
    CHECK(workers[t].failures == 0);
  }
  /* Every address went to exactly one interface. */
  for (int a = 0; a < THREADS * ROUNDS; a++) {
    for (int b = a + 1; b < THREADS * ROUNDS; b++) {
      CHECK(workers[a / ROUNDS].assigned[a % ROUNDS] != workers[b / ROUNDS].assigned[b % ROUNDS]);
    }
  }
  char *subnets = call_ok(ec2, "DescribeSubnets", "{}");
  /* A /22 has 1019 usable addresses; 4 primaries and 100 secondaries are taken. */
  CHECK(json_number(subnets, "AvailableIpAddressCount") == 1019 - THREADS - THREADS * ROUNDS);
  eniplan_string_free(subnets);
  eniplan_ec2_free(ec2);
}

int main(void) {
  static const struct test tests[] = {
      {"names every kind of result", names_every_kind_of_result},
      {"copies the last message errno style", copies_the_last_message_errno_style},
      {"has a version", has_a_version},
      {"one handle serves several threads", one_handle_serves_several_threads},
  };
  return RUN_TESTS(tests);
}
