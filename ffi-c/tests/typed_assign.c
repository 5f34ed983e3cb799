/* The typed fast paths: assign by address list, by count, by /28 prefix list and by prefix
 * count, and unassign; buffers too small (the need is reported, the model is unchanged); EC2
 * errors through the typed calls; NULL and garbage arguments. */
#include "common.h"

struct world {
  eniplan_ec2 *ec2;
  char subnet[64];
  char eni[64]; /* an m5.large's primary interface, primary address 10.0.1.4 */
};

static struct world world(void) {
  struct world w;
  w.ec2 = new_model();
  make_subnet(w.ec2, w.subnet, sizeof w.subnet);
  run_instance(w.ec2, w.subnet, "m5.large", w.eni, sizeof w.eni);
  return w;
}

static eniplan_result assign(struct world *w, const char *eni, const uint32_t *addresses,
                             size_t len, bool allow, uint32_t *out, size_t out_len,
                             size_t *count) {
  return eniplan_ec2_assign_private_ip_addresses(w->ec2, eni, strlen(eni), addresses, len, allow,
                                                 out, out_len, count);
}

static eniplan_result assign_count(struct world *w, uint32_t n, uint32_t *out, size_t out_len,
                                   size_t *count) {
  return eniplan_ec2_assign_private_ip_address_count(w->ec2, w->eni, strlen(w->eni), n, out,
                                                     out_len, count);
}

static eniplan_result assign_prefixes(struct world *w, const eniplan_ipv4_prefix *prefixes,
                                      size_t len, eniplan_ipv4_prefix *out, size_t out_len,
                                      size_t *count) {
  return eniplan_ec2_assign_ipv4_prefixes(w->ec2, w->eni, strlen(w->eni), prefixes, len, out,
                                          out_len, count);
}

static eniplan_result assign_prefix_count(struct world *w, uint32_t n, eniplan_ipv4_prefix *out,
                                          size_t out_len, size_t *count) {
  return eniplan_ec2_assign_ipv4_prefix_count(w->ec2, w->eni, strlen(w->eni), n, out, out_len,
                                              count);
}

static eniplan_result unassign(struct world *w, const uint32_t *addresses, size_t len,
                               const eniplan_ipv4_prefix *prefixes, size_t prefixes_len) {
  return eniplan_ec2_unassign_private_ip_addresses(w->ec2, w->eni, strlen(w->eni), addresses,
                                                   len, prefixes, prefixes_len);
}

/* The interface's DescribeNetworkInterfaces entry. */
static char *describe(struct world *w) {
  char request[128];
  snprintf(request, sizeof request, "{\"NetworkInterfaceIds\":[\"%s\"]}", w->eni);
  return call_ok(w->ec2, "DescribeNetworkInterfaces", request);
}

static void assigns_addresses_by_list_and_by_count(void) {
  struct world w = world();
  uint32_t out[8] = {0};
  size_t count = 99;

  const uint32_t wanted[] = {ADDR(10, 0, 1, 50), ADDR(10, 0, 1, 51), ADDR(10, 0, 1, 50)};
  CHECK_RESULT(assign(&w, w.eni, wanted, 3, false, out, 8, &count), ENIPLAN_RESULT_OK);
  /* The repeated address counts once. */
  CHECK(count == 2 && out[0] == ADDR(10, 0, 1, 50) && out[1] == ADDR(10, 0, 1, 51));
  /* Addresses the interface holds already are no-ops, not listed again. */
  CHECK_RESULT(assign(&w, w.eni, wanted, 2, false, out, 8, &count), ENIPLAN_RESULT_OK);
  CHECK(count == 0);

  /* Lowest free after the primary .4: .5, .6, .7. */
  CHECK_RESULT(assign_count(&w, 3, out, 8, &count), ENIPLAN_RESULT_OK);
  CHECK(count == 3);
  CHECK(out[0] == ADDR(10, 0, 1, 5) && out[1] == ADDR(10, 0, 1, 6) && out[2] == ADDR(10, 0, 1, 7));
  /* An exact fit is enough. */
  CHECK_RESULT(assign_count(&w, 1, out, 1, &count), ENIPLAN_RESULT_OK);
  CHECK(count == 1 && out[0] == ADDR(10, 0, 1, 8));

  char *described = describe(&w);
  CHECK_CONTAINS(described, "\"PrivateIpAddress\":\"10.0.1.51\"");
  CHECK_CONTAINS(described, "\"PrivateIpAddress\":\"10.0.1.8\"");
  eniplan_string_free(described);

  const uint32_t release[] = {ADDR(10, 0, 1, 50), ADDR(10, 0, 1, 6)};
  CHECK_RESULT(unassign(&w, release, 2, NULL, 0), ENIPLAN_RESULT_OK);
  described = describe(&w);
  CHECK(strstr(described, "10.0.1.50") == NULL && strstr(described, "10.0.1.6\"") == NULL);
  eniplan_string_free(described);
  eniplan_ec2_free(w.ec2);
}

static void assigns_prefixes_by_list_and_by_count(void) {
  struct world w = world();
  eniplan_ipv4_prefix out[4];
  size_t count = 0;

  const eniplan_ipv4_prefix wanted[] = {{ADDR(10, 0, 1, 64), 28}, {ADDR(10, 0, 1, 80), 28}};
  CHECK_RESULT(assign_prefixes(&w, wanted, 2, out, 4, &count), ENIPLAN_RESULT_OK);
  CHECK(count == 2);
  CHECK(out[0].addr == ADDR(10, 0, 1, 64) && out[0].len == 28);
  CHECK(out[1].addr == ADDR(10, 0, 1, 80) && out[1].len == 28);

  /* The lowest wholly free aligned /28: 10.0.1.0/28 holds the primary .4, so 10.0.1.16. */
  CHECK_RESULT(assign_prefix_count(&w, 1, out, 4, &count), ENIPLAN_RESULT_OK);
  CHECK(count == 1 && out[0].addr == ADDR(10, 0, 1, 16) && out[0].len == 28);

  char *described = describe(&w);
  CHECK_CONTAINS(described, "{\"Ipv4Prefix\":\"10.0.1.80/28\"}");
  CHECK_CONTAINS(described, "{\"Ipv4Prefix\":\"10.0.1.16/28\"}");
  eniplan_string_free(described);

  const eniplan_ipv4_prefix release[] = {{ADDR(10, 0, 1, 64), 28}};
  CHECK_RESULT(unassign(&w, NULL, 0, release, 1), ENIPLAN_RESULT_OK);
  described = describe(&w);
  CHECK(strstr(described, "10.0.1.64/28") == NULL);
  eniplan_string_free(described);
  eniplan_ec2_free(w.ec2);
}

static void typed_and_json_answers_agree(void) {
  /* Two models, same seed and calls: the typed call picks what the JSON call picks. */
  struct world a = world(), b = world();
  uint32_t out[5];
  size_t count = 0;
  eniplan_ec2 *random[2];
  for (int i = 0; i < 2; i++) {
    CHECK_RESULT(eniplan_ec2_new(ENIPLAN_STRATEGY_RANDOM, 9, &random[i]), ENIPLAN_RESULT_OK);
  }
  eniplan_ec2_free(a.ec2);
  eniplan_ec2_free(b.ec2);
  a.ec2 = random[0];
  b.ec2 = random[1];
  make_subnet(a.ec2, a.subnet, sizeof a.subnet);
  make_subnet(b.ec2, b.subnet, sizeof b.subnet);
  run_instance(a.ec2, a.subnet, "m5.large", a.eni, sizeof a.eni);
  run_instance(b.ec2, b.subnet, "m5.large", b.eni, sizeof b.eni);
  CHECK_STR(a.eni, b.eni);

  CHECK_RESULT(assign_count(&a, 5, out, 5, &count), ENIPLAN_RESULT_OK);
  char request[128];
  snprintf(request, sizeof request,
           "{\"NetworkInterfaceId\":\"%s\",\"SecondaryPrivateIpAddressCount\":5}", b.eni);
  char *json = call_ok(b.ec2, "AssignPrivateIpAddresses", request);
  for (size_t i = 0; i < count; i++) {
    char text[40];
    snprintf(text, sizeof text, "\"%u.%u.%u.%u\"", out[i] >> 24, (out[i] >> 16) & 255,
             (out[i] >> 8) & 255, out[i] & 255);
    CHECK_CONTAINS(json, text);
  }
  eniplan_string_free(json);
  eniplan_ec2_free(a.ec2);
  eniplan_ec2_free(b.ec2);
}

/* A buffer too small: the result says so, *out_count is the length needed, the output array is
 * not written, and the model is exactly as before. */
static void a_buffer_too_small_changes_nothing(void) {
  struct world w = world();
  char *before = snapshot(w.ec2);
  uint32_t out[2] = {7, 7};
  eniplan_ipv4_prefix prefixes_out[1] = {{7, 7}};
  size_t count = 0;

  CHECK_RESULT(assign_count(&w, 3, out, 2, &count), ENIPLAN_RESULT_BUFFER_TOO_SMALL);
  CHECK(count == 3);
  CHECK_STR(last_error(), "argument `out_assigned` holds 2 elements; 3 are needed");
  CHECK_RESULT(assign_count(&w, 1, NULL, 0, &count), ENIPLAN_RESULT_BUFFER_TOO_SMALL);
  CHECK(count == 1);

  const uint32_t three[] = {ADDR(10, 0, 1, 90), ADDR(10, 0, 1, 91), ADDR(10, 0, 1, 92)};
  CHECK_RESULT(assign(&w, w.eni, three, 3, false, out, 2, &count),
               ENIPLAN_RESULT_BUFFER_TOO_SMALL);
  CHECK(count == 3);

  const eniplan_ipv4_prefix two[] = {{ADDR(10, 0, 1, 96), 28}, {ADDR(10, 0, 1, 112), 28}};
  CHECK_RESULT(assign_prefixes(&w, two, 2, prefixes_out, 1, &count),
               ENIPLAN_RESULT_BUFFER_TOO_SMALL);
  CHECK(count == 2);
  CHECK_RESULT(assign_prefix_count(&w, 4, prefixes_out, 1, &count),
               ENIPLAN_RESULT_BUFFER_TOO_SMALL);
  CHECK(count == 4);

  CHECK(out[0] == 7 && out[1] == 7 && prefixes_out[0].addr == 7 && prefixes_out[0].len == 7);
  char *after = snapshot(w.ec2);
  CHECK_STR(after, before);
  free(after);

  /* The same calls with room then work as if the refused ones had never been made. */
  uint32_t room[3];
  CHECK_RESULT(assign_count(&w, 3, room, 3, &count), ENIPLAN_RESULT_OK);
  CHECK(count == 3 && room[0] == ADDR(10, 0, 1, 5));
  free(before);
  eniplan_ec2_free(w.ec2);
}

static void typed_calls_answer_ec2_errors(void) {
  struct world w = world();
  uint32_t out[16];
  eniplan_ipv4_prefix prefixes_out[16];
  size_t count = 0;

  CHECK_RESULT(assign_count(&w, 0, out, 16, &count), ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  CHECK_STR(last_error(), "Value (0) for parameter SecondaryPrivateIpAddressCount is invalid. "
                          "Expected a value from 1 to 2147483647.");
  CHECK_RESULT(assign(&w, w.eni, NULL, 0, false, out, 16, &count),
               ENIPLAN_RESULT_INVALID_PARAMETER_COMBINATION);
  /* m5.large: 10 slots, the primary holds one. */
  CHECK_RESULT(assign_count(&w, 10, out, 16, &count),
               ENIPLAN_RESULT_PRIVATE_IP_ADDRESS_LIMIT_EXCEEDED);
  CHECK_STR(last_error(), "Number of private addresses will exceed limit.");
  CHECK(count == 0);

  const eniplan_ipv4_prefix misaligned[] = {{ADDR(10, 0, 1, 65), 28}};
  CHECK_RESULT(assign_prefixes(&w, misaligned, 1, prefixes_out, 16, &count),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  CHECK_STR(last_error(), "Invalid value '10.0.1.65/28' for Ipv4Prefix: its host bits are set; "
                          "an IPv4 prefix must start on a /28 boundary");
  const eniplan_ipv4_prefix wrong_length[] = {{ADDR(10, 0, 1, 64), 27}};
  CHECK_RESULT(assign_prefixes(&w, wrong_length, 1, prefixes_out, 16, &count),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  CHECK_CONTAINS(last_error(), "only /28 IPv4 prefixes can be assigned");
  const eniplan_ipv4_prefix absurd[] = {{ADDR(10, 0, 1, 64), 255}};
  CHECK_RESULT(assign_prefixes(&w, absurd, 1, prefixes_out, 16, &count),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  const eniplan_ipv4_prefix outside[] = {{ADDR(10, 0, 2, 0), 28}};
  CHECK_RESULT(assign_prefixes(&w, outside, 1, prefixes_out, 16, &count),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);

  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(w.ec2, "eni-1", 5, 1, out, 16, &count),
               ENIPLAN_RESULT_INVALID_NETWORK_INTERFACE_ID_MALFORMED);
  CHECK_STR(last_error(), "Invalid id: \"eni-1\" (expecting \"eni-...\")");
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(w.ec2, "eni-0123456789abcdef0", 21, 1,
                                                           out, 16, &count),
               ENIPLAN_RESULT_INVALID_NETWORK_INTERFACE_ID_NOT_FOUND);

  /* The primary cannot be unassigned; an address the interface lacks neither. */
  const uint32_t primary[] = {ADDR(10, 0, 1, 4)};
  CHECK_RESULT(unassign(&w, primary, 1, NULL, 0), ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  const uint32_t stranger[] = {ADDR(10, 0, 1, 200)};
  CHECK_RESULT(unassign(&w, stranger, 1, NULL, 0), ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  CHECK_RESULT(unassign(&w, NULL, 0, NULL, 0), ENIPLAN_RESULT_MISSING_PARAMETER);
  CHECK_STR(last_error(),
            "The request must contain the parameter PrivateIpAddresses or Ipv4Prefixes");

  /* Xen types take no prefixes (rule 14). */
  char xen[64];
  run_instance(w.ec2, w.subnet, "t2.micro", xen, sizeof xen);
  CHECK_RESULT(eniplan_ec2_assign_ipv4_prefix_count(w.ec2, xen, strlen(xen), 1, prefixes_out, 16,
                                                    &count),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  eniplan_ec2_free(w.ec2);
}

static void a_subnet_runs_out_of_prefix_blocks(void) {
  eniplan_ec2 *ec2 = new_model();
  char vpc[64], subnet[64], eni[64], request[128];
  create_and_get(ec2, "CreateVpc", "{\"CidrBlock\":\"10.2.0.0/16\"}", "VpcId", vpc, sizeof vpc);
  snprintf(request, sizeof request, "{\"VpcId\":\"%s\",\"CidrBlock\":\"10.2.0.0/26\"}", vpc);
  create_and_get(ec2, "CreateSubnet", request, "SubnetId", subnet, sizeof subnet);
  run_instance(ec2, subnet, "m5.large", eni, sizeof eni);
  /* A /26 has four /28 blocks: the first holds the reserved addresses and the primary, the
   * last the broadcast address, so two are wholly free. */
  eniplan_ipv4_prefix out[4];
  size_t count = 0;
  CHECK_RESULT(eniplan_ec2_assign_ipv4_prefix_count(ec2, eni, strlen(eni), 3, out, 4, &count),
               ENIPLAN_RESULT_INSUFFICIENT_CIDR_BLOCKS);
  CHECK_RESULT(eniplan_ec2_assign_ipv4_prefix_count(ec2, eni, strlen(eni), 2, out, 4, &count),
               ENIPLAN_RESULT_OK);
  CHECK(count == 2);
  /* A prefix takes one of the m5.large's 10 slots: 1 primary + 2 prefixes + 7 addresses fit. */
  uint32_t addresses[64];
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(ec2, eni, strlen(eni), 8, addresses, 64,
                                                           &count),
               ENIPLAN_RESULT_PRIVATE_IP_ADDRESS_LIMIT_EXCEEDED);
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(ec2, eni, strlen(eni), 7, addresses, 64,
                                                           &count),
               ENIPLAN_RESULT_OK);
  eniplan_ec2_free(ec2);
}

static void reassignment_moves_an_address_between_interfaces(void) {
  struct world w = world();
  char other[64];
  create_interface(w.ec2, w.subnet, other, sizeof other);
  uint32_t out[1];
  size_t count = 0;
  const uint32_t address[] = {ADDR(10, 0, 1, 77)};
  CHECK_RESULT(assign(&w, w.eni, address, 1, false, out, 1, &count), ENIPLAN_RESULT_OK);
  CHECK_RESULT(assign(&w, other, address, 1, false, out, 1, &count),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  CHECK_STR(last_error(), "[10.0.1.77] assigned, but move is not allowed.");
  CHECK_RESULT(assign(&w, other, address, 1, true, out, 1, &count), ENIPLAN_RESULT_OK);
  CHECK(count == 1 && out[0] == ADDR(10, 0, 1, 77));
  char *described = describe(&w);
  CHECK(strstr(described, "10.0.1.77") == NULL);
  eniplan_string_free(described);
  /* Another interface's primary never moves, even when allowed. */
  const uint32_t primary[] = {ADDR(10, 0, 1, 4)};
  CHECK_RESULT(assign(&w, other, primary, 1, true, out, 1, &count),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  eniplan_ec2_free(w.ec2);
}

static void refuses_null_garbage_and_invalid_utf8(void) {
  struct world w = world();
  uint32_t out[4];
  size_t count = 0;
  const uint32_t one[] = {ADDR(10, 0, 1, 60)};
  const char *eni = w.eni;
  size_t eni_len = strlen(eni);

  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(NULL, eni, eni_len, 1, out, 4, &count),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(w.ec2, NULL, eni_len, 1, out, 4, &count),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(w.ec2, eni, eni_len, 1, out, 4, NULL),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_STR(last_error(), "argument `out_count` is NULL");
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(w.ec2, eni, eni_len, 1, NULL, 4, &count),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_STR(last_error(), "argument `out_assigned` is NULL but its length is 4");
  CHECK_RESULT(eniplan_ec2_assign_private_ip_addresses(w.ec2, eni, eni_len, NULL, 1, false, out, 4,
                                                       &count),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_RESULT(eniplan_ec2_assign_ipv4_prefixes(w.ec2, eni, eni_len, NULL, 2, NULL, 0, &count),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_RESULT(eniplan_ec2_assign_ipv4_prefix_count(NULL, eni, eni_len, 1, NULL, 0, &count),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_RESULT(eniplan_ec2_unassign_private_ip_addresses(w.ec2, eni, eni_len, NULL, 3, NULL, 0),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_RESULT(eniplan_ec2_unassign_private_ip_addresses(NULL, eni, eni_len, one, 1, NULL, 0),
               ENIPLAN_RESULT_NULL_ARGUMENT);

  /* Lengths no memory can hold are refused before anything is read or written. */
  CHECK_RESULT(eniplan_ec2_assign_private_ip_addresses(w.ec2, eni, eni_len, one, SIZE_MAX / 2,
                                                       false, out, 4, &count),
               ENIPLAN_RESULT_INVALID_ARGUMENT);
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(w.ec2, eni, eni_len, 1, out, SIZE_MAX,
                                                           &count),
               ENIPLAN_RESULT_INVALID_ARGUMENT);

  /* Invalid UTF-8 and garbage in the interface id. */
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(w.ec2, "eni-\xff\xfe", 6, 1, out, 4,
                                                           &count),
               ENIPLAN_RESULT_INVALID_UTF8);
  CHECK_STR(last_error(), "argument `network_interface_id` is not valid UTF-8: invalid utf-8 "
                          "sequence of 1 bytes from index 4");
  CHECK_RESULT(eniplan_ec2_unassign_private_ip_addresses(w.ec2, "\xc0\x80", 2, one, 1, NULL, 0),
               ENIPLAN_RESULT_INVALID_UTF8);
  const char with_nul[] = "eni-0123\0abcd";
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(w.ec2, with_nul, sizeof with_nul - 1, 1,
                                                           out, 4, &count),
               ENIPLAN_RESULT_INVALID_NETWORK_INTERFACE_ID_MALFORMED);
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(w.ec2, eni, 0, 1, out, 4, &count),
               ENIPLAN_RESULT_INVALID_NETWORK_INTERFACE_ID_MALFORMED);
  /* Garbage addresses are just addresses: 0.0.0.0 and 255.255.255.255 lie outside the subnet. */
  const uint32_t garbage[] = {0, UINT32_MAX};
  CHECK_RESULT(eniplan_ec2_assign_private_ip_addresses(w.ec2, eni, eni_len, garbage, 2, true, out,
                                                       4, &count),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  CHECK_RESULT(eniplan_ec2_assign_private_ip_address_count(w.ec2, eni, eni_len, UINT32_MAX, NULL,
                                                           0, &count),
               ENIPLAN_RESULT_BUFFER_TOO_SMALL);
  CHECK(count == UINT32_MAX);

  /* After all of that the interface still holds only its primary address. */
  char *described = describe(&w);
  CHECK(strstr(described, "Ipv4Prefix") == NULL);
  CHECK(strstr(described, "\"Primary\":false") == NULL);
  eniplan_string_free(described);
  eniplan_ec2_free(w.ec2);
}

int main(void) {
  static const struct test tests[] = {
      {"assigns addresses by list and by count", assigns_addresses_by_list_and_by_count},
      {"assigns prefixes by list and by count", assigns_prefixes_by_list_and_by_count},
      {"typed and JSON answers agree", typed_and_json_answers_agree},
      {"a buffer too small changes nothing", a_buffer_too_small_changes_nothing},
      {"typed calls answer EC2 errors", typed_calls_answer_ec2_errors},
      {"a subnet runs out of prefix blocks", a_subnet_runs_out_of_prefix_blocks},
      {"reassignment moves an address between interfaces",
       reassignment_moves_an_address_between_interfaces},
      {"refuses NULL, garbage and invalid UTF-8", refuses_null_garbage_and_invalid_utf8},
  };
  return RUN_TESTS(tests);
}
