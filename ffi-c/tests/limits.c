/* Instance-type limits and max pods: plain structs and functions over the embedded table. */
#include "common.h"

static eniplan_instance_type lookup(const char *name) {
  eniplan_instance_type t;
  memset(&t, 0xAB, sizeof t);
  CHECK_RESULT(eniplan_instance_type_lookup(name, strlen(name), &t), ENIPLAN_RESULT_OK);
  return t;
}

static void looks_up_instance_types(void) {
  eniplan_instance_type m5 = lookup("m5.large");
  CHECK(m5.hypervisor == ENIPLAN_HYPERVISOR_NITRO);
  CHECK(!m5.bare_metal && m5.supports_prefixes && m5.ipv6_supported);
  CHECK(m5.max_enis == 3 && m5.total_interfaces == 3);
  CHECK(m5.ipv4_per_eni == 10 && m5.prefix_slots_per_eni == 9 && m5.ipv6_per_eni == 10);
  CHECK(m5.default_network_card_index == 0 && m5.network_card_count == 1);
  CHECK(m5.branch_interfaces == 9 && m5.vcpus == 2);

  eniplan_instance_type t2 = lookup("t2.micro");
  CHECK(t2.hypervisor == ENIPLAN_HYPERVISOR_XEN && !t2.supports_prefixes);
  CHECK(t2.max_enis == 2 && t2.ipv4_per_eni == 2 && t2.vcpus == 1);

  /* Bare metal: no hypervisor reported, prefixes all the same, vCPUs not known. */
  eniplan_instance_type metal = lookup("c5a.metal");
  CHECK(metal.hypervisor == ENIPLAN_HYPERVISOR_UNKNOWN && metal.bare_metal);
  CHECK(metal.supports_prefixes && metal.vcpus == 0);

  eniplan_instance_type p4d = lookup("p4d.24xlarge");
  CHECK(p4d.max_enis == 15 && p4d.total_interfaces == 60 && p4d.network_card_count == 4);
}

static void lists_network_cards(void) {
  eniplan_network_card cards[4];
  size_t count = 0;
  CHECK_RESULT(eniplan_instance_type_network_cards("p4d.24xlarge", 12, cards, 2, &count),
               ENIPLAN_RESULT_BUFFER_TOO_SMALL);
  CHECK(count == 4);
  CHECK_RESULT(eniplan_instance_type_network_cards("p4d.24xlarge", 12, NULL, 0, &count),
               ENIPLAN_RESULT_BUFFER_TOO_SMALL);
  CHECK(count == 4);
  CHECK_RESULT(eniplan_instance_type_network_cards("p4d.24xlarge", 12, cards, 4, &count),
               ENIPLAN_RESULT_OK);
  CHECK(count == 4);
  for (uint32_t i = 0; i < 4; i++) {
    CHECK(cards[i].index == i && cards[i].max_interfaces == 15);
  }
  CHECK_RESULT(eniplan_instance_type_network_cards("m5.large", 8, cards, 4, &count),
               ENIPLAN_RESULT_OK);
  CHECK(count == 1 && cards[0].index == 0 && cards[0].max_interfaces == 3);
}

static uint32_t pods(const char *type, eniplan_max_pods_options options) {
  uint32_t out = 12345;
  CHECK_RESULT(eniplan_max_pods(type, strlen(type), &options, &out), ENIPLAN_RESULT_OK);
  return out;
}

static void computes_max_pods(void) {
  eniplan_max_pods_options options = {0};
  CHECK(pods("m5.large", options) == 29);
  options.prefix_delegation = true;
  CHECK(pods("m5.large", options) == 434);
  options.cap = true;
  CHECK(pods("m5.large", options) == 110);
  /* Prefix delegation is ignored where prefixes are not supported. */
  eniplan_max_pods_options pd = {.prefix_delegation = true};
  CHECK(pods("t2.micro", pd) == 4);
  /* Custom networking and reserved interfaces take interfaces away: 3 - 1 - 1 = 1. */
  eniplan_max_pods_options custom = {.custom_networking = true, .reserved_enis = 1};
  CHECK(pods("m5.large", custom) == 11);
  custom.reserved_enis = 2;
  CHECK(pods("m5.large", custom) == 0);
}

static void answers_ec2_errors_and_refuses_bad_arguments(void) {
  eniplan_instance_type t;
  uint32_t out = 7;
  eniplan_max_pods_options options = {.cap = true};

  CHECK_RESULT(eniplan_instance_type_lookup("m5.huge", 7, &t), ENIPLAN_RESULT_INVALID_INSTANCE_TYPE);
  CHECK_STR(last_error(), "The following supplied instance types do not exist: [m5.huge]");
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_INVALID_INSTANCE_TYPE), "InvalidInstanceType");
  CHECK_RESULT(eniplan_max_pods("m5.huge", 7, &options, &out),
               ENIPLAN_RESULT_INVALID_INSTANCE_TYPE);
  CHECK(out == 0);
  CHECK_RESULT(eniplan_max_pods("c5a.metal", 9, &options, &out),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  CHECK_STR(last_error(), "The max-pods cap depends on the vCPU count, which is not known for "
                          "instance type c5a.metal");
  /* Names are exact: case and surrounding spaces matter; a length cuts the name. */
  CHECK_RESULT(eniplan_instance_type_lookup("M5.large", 8, &t), ENIPLAN_RESULT_INVALID_INSTANCE_TYPE);
  CHECK_RESULT(eniplan_instance_type_lookup("m5.large ", 9, &t),
               ENIPLAN_RESULT_INVALID_INSTANCE_TYPE);
  CHECK_RESULT(eniplan_instance_type_lookup("m5.largest", 8, &t), ENIPLAN_RESULT_OK);
  CHECK_RESULT(eniplan_instance_type_lookup(NULL, 0, &t), ENIPLAN_RESULT_INVALID_INSTANCE_TYPE);

  CHECK_RESULT(eniplan_instance_type_lookup(NULL, 8, &t), ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_RESULT(eniplan_instance_type_lookup("m5.large", 8, NULL), ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_RESULT(eniplan_instance_type_lookup("m5.\x80large", 9, &t), ENIPLAN_RESULT_INVALID_UTF8);
  CHECK_RESULT(eniplan_max_pods("m5.large", 8, NULL, &out), ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_STR(last_error(), "argument `options` is NULL");
  CHECK_RESULT(eniplan_max_pods("m5.large", 8, &options, NULL), ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_RESULT(eniplan_max_pods("m5.large", SIZE_MAX, &options, &out),
               ENIPLAN_RESULT_INVALID_ARGUMENT);
  size_t count = 0;
  CHECK_RESULT(eniplan_instance_type_network_cards("m5.large", 8, NULL, 1, &count),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_RESULT(eniplan_instance_type_network_cards("m5.large", 8, NULL, 0, NULL),
               ENIPLAN_RESULT_NULL_ARGUMENT);

  /* Options filled with garbage bytes: every flag reads as set, and 0xFFFFFFFF reserved
   * interfaces leave none, so 0 pods rather than undefined behaviour. */
  eniplan_max_pods_options garbage;
  memset(&garbage, 0xFF, sizeof garbage);
  CHECK_RESULT(eniplan_max_pods("m5.large", 8, &garbage, &out), ENIPLAN_RESULT_OK);
  CHECK(out == 0);
}

/* DescribeInstanceTypes through the JSON entry point: the table's limits and, from EC2's own
 * answers, everything else; CPU credits follow from a burstable type. */
static void describes_instance_types_and_credits(void) {
  eniplan_ec2 *ec2 = new_model();
  char *m5 = call_ok(ec2, "DescribeInstanceTypes", "{\"InstanceTypes\": [\"m5.large\"]}");
  CHECK(json_number(m5, "SizeInMiB") == 8192 && json_number(m5, "DefaultCores") == 1);
  CHECK_CONTAINS(m5, "\"SupportedArchitectures\":[\"x86_64\"]");
  CHECK_CONTAINS(m5, "\"BurstablePerformanceSupported\":false");
  eniplan_string_free(m5);

  char subnet[64], eni[64];
  make_subnet(ec2, subnet, sizeof subnet);
  run_instance(ec2, subnet, "t3.micro", eni, sizeof eni);
  char *credits = call_ok(ec2, "DescribeInstanceCreditSpecifications", "{}");
  CHECK_CONTAINS(credits, "\"CpuCredits\":\"unlimited\"");
  eniplan_string_free(credits);
  CHECK_RESULT(call(ec2, "DescribeAddressesAttribute",
                    "{\"AllocationIds\": [\"eipalloc-12345678\"]}", &credits),
               ENIPLAN_RESULT_INVALID_ALLOCATION_ID_NOT_FOUND);
  eniplan_ec2_free(ec2);
}

int main(void) {
  static const struct test tests[] = {
      {"looks up instance types", looks_up_instance_types},
      {"lists network cards", lists_network_cards},
      {"computes max pods", computes_max_pods},
      {"answers EC2 errors and refuses bad arguments", answers_ec2_errors_and_refuses_bad_arguments},
      {"describes instance types and credits", describes_instance_types_and_credits},
  };
  return RUN_TESTS(tests);
}
