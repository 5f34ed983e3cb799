/* The JSON entry point, eniplan_ec2_call: success paths, every class of EC2 error with its
 * message, the Elastic IP that moves with a reassigned address, DryRun, and NULL, garbage and
 * invalid UTF-8 arguments. */
#include "common.h"

static void creates_a_network_and_an_instance(void) {
  eniplan_ec2 *ec2 = new_model();
  char subnet[64], eni[64];
  make_subnet(ec2, subnet, sizeof subnet);
  char *subnets = call_ok(ec2, "DescribeSubnets", "{}");
  CHECK(json_number(subnets, "AvailableIpAddressCount") == 251);
  eniplan_string_free(subnets);

  char request[256];
  snprintf(request, sizeof request,
           "{\"ImageId\":\"ami-12345678\",\"InstanceType\":\"m5.large\",\"MinCount\":1,"
           "\"MaxCount\":1,\"SubnetId\":\"%s\"}",
           subnet);
  char *run = call_ok(ec2, "RunInstances", request);
  /* Lowest free: 10.0.1.0-3 are reserved by AWS, so the primary is .4. */
  CHECK_CONTAINS(run, "\"PrivateIpAddress\":\"10.0.1.4\"");
  CHECK_CONTAINS(run, "\"State\":{\"Code\":16,\"Name\":\"running\"}");
  json_string(run, "NetworkInterfaceId", eni, sizeof eni);
  eniplan_string_free(run);

  snprintf(request, sizeof request,
           "{\"NetworkInterfaceId\":\"%s\",\"SecondaryPrivateIpAddressCount\":2}", eni);
  char *assigned = call_ok(ec2, "AssignPrivateIpAddresses", request);
  /* Members come in the order EC2 and boto3 show them. */
  char expected[256];
  snprintf(expected, sizeof expected,
           "{\"NetworkInterfaceId\":\"%s\",\"AssignedPrivateIpAddresses\":"
           "[{\"PrivateIpAddress\":\"10.0.1.5\"},{\"PrivateIpAddress\":\"10.0.1.6\"}]}",
           eni);
  CHECK_STR(assigned, expected);
  eniplan_string_free(assigned);
  eniplan_ec2_free(ec2);
}

/* Expects `action` on `request` to fail with `expected` and exactly `message`. */
static void refuse(eniplan_ec2 *ec2, const char *action, const char *request,
                   eniplan_result expected, const char *message) {
  char *out = (char *)"not touched";
  CHECK_RESULT(call(ec2, action, request, &out), expected);
  CHECK(out == NULL);
  CHECK_STR(last_error(), message);
}

static void answers_each_class_of_ec2_error(void) {
  eniplan_ec2 *ec2 = new_model();
  char subnet[64], eni[64], request[512], message[256];
  make_subnet(ec2, subnet, sizeof subnet);
  run_instance(ec2, subnet, "c5.large", eni, sizeof eni);

  /* The protocol: unknown action, text that is not JSON, unknown member. */
  refuse(ec2, "LaunchRockets", "{}", ENIPLAN_RESULT_INVALID_ACTION,
         "The action LaunchRockets is not valid for this web service.");
  refuse(ec2, "DescribeSubnets", "{\"Filters\": [", ENIPLAN_RESULT_INVALID_REQUEST,
         "The request is not a JSON object: invalid JSON: EOF while parsing a list at line 1 column 13");
  refuse(ec2, "CreateVpc", "[]", ENIPLAN_RESULT_INVALID_REQUEST,
         "The request is not a JSON object: found a list");
  refuse(ec2, "CreateVpc", "{\"CidrBlock\":\"10.0.0.0/16\",\"Colour\":\"blue\"}",
         ENIPLAN_RESULT_UNKNOWN_PARAMETER, "The parameter Colour is not recognized");

  /* Validation: missing, malformed, out of range, conflicting. */
  refuse(ec2, "AssignPrivateIpAddresses", "{\"SecondaryPrivateIpAddressCount\":1}",
         ENIPLAN_RESULT_MISSING_PARAMETER,
         "The request must contain the parameter NetworkInterfaceId");
  refuse(ec2, "AssignPrivateIpAddresses",
         "{\"NetworkInterfaceId\":\"eni-123\",\"SecondaryPrivateIpAddressCount\":1}",
         ENIPLAN_RESULT_INVALID_NETWORK_INTERFACE_ID_MALFORMED,
         "Invalid id: \"eni-123\" (expecting \"eni-...\")");
  snprintf(request, sizeof request,
           "{\"NetworkInterfaceId\":\"%s\",\"SecondaryPrivateIpAddressCount\":0}", eni);
  refuse(ec2, "AssignPrivateIpAddresses", request, ENIPLAN_RESULT_INVALID_PARAMETER_VALUE,
         "Value (0) for parameter SecondaryPrivateIpAddressCount is invalid. Expected a value "
         "from 1 to 2147483647.");
  snprintf(request, sizeof request,
           "{\"NetworkInterfaceId\":\"%s\",\"SecondaryPrivateIpAddressCount\":1,"
           "\"Ipv4PrefixCount\":1}",
           eni);
  refuse(ec2, "AssignPrivateIpAddresses", request,
         ENIPLAN_RESULT_INVALID_PARAMETER_COMBINATION,
         "The parameters SecondaryPrivateIpAddressCount and Ipv4PrefixCount cannot be specified "
         "together");

  /* Identifiers that do not exist. */
  refuse(ec2, "AssignPrivateIpAddresses",
         "{\"NetworkInterfaceId\":\"eni-0123456789abcdef0\",\"SecondaryPrivateIpAddressCount\":1}",
         ENIPLAN_RESULT_INVALID_NETWORK_INTERFACE_ID_NOT_FOUND,
         "The networkInterface ID 'eni-0123456789abcdef0' does not exist");
  refuse(ec2, "CreateSubnet", "{\"VpcId\":\"vpc-0123abcd\",\"CidrBlock\":\"10.0.2.0/24\"}",
         ENIPLAN_RESULT_INVALID_VPC_ID_NOT_FOUND, "The vpc ID 'vpc-0123abcd' does not exist");

  /* Limits and capacity: c5.large has 10 address slots per interface. */
  snprintf(request, sizeof request,
           "{\"NetworkInterfaceId\":\"%s\",\"SecondaryPrivateIpAddressCount\":10}", eni);
  refuse(ec2, "AssignPrivateIpAddresses", request,
         ENIPLAN_RESULT_PRIVATE_IP_ADDRESS_LIMIT_EXCEEDED,
         "Number of private addresses will exceed limit.");
  snprintf(request, sizeof request,
           "{\"InstanceType\":\"m5.gigantic\",\"MinCount\":1,\"MaxCount\":1,"
           "\"SubnetId\":\"%s\"}",
           subnet);
  refuse(ec2, "RunInstances", request, ENIPLAN_RESULT_INVALID_PARAMETER_VALUE,
         "Invalid value 'm5.gigantic' for InstanceType.");
  refuse(ec2, "RunInstances",
         "{\"InstanceType\":\"m5.large\",\"MinCount\":1,\"MaxCount\":1,"
         "\"SubnetId\":\"subnet-0123abcd\"}",
         ENIPLAN_RESULT_INVALID_SUBNET_ID_NOT_FOUND,
         "The subnet ID 'subnet-0123abcd' does not exist");

  /* Conflicts with the current state. */
  char vpc[64];
  create_and_get(ec2, "DescribeVpcs", "{}", "VpcId", vpc, sizeof vpc);
  snprintf(request, sizeof request, "{\"VpcId\":\"%s\",\"CidrBlock\":\"10.0.1.128/25\"}", vpc);
  snprintf(message, sizeof message, "The CIDR '10.0.1.128/25' conflicts with another subnet");
  refuse(ec2, "CreateSubnet", request, ENIPLAN_RESULT_INVALID_SUBNET_CONFLICT, message);
  eniplan_ec2_free(ec2);
}

static void a_small_subnet_runs_out_of_addresses(void) {
  eniplan_ec2 *ec2 = new_model();
  char vpc[64], subnet[64], eni[64], request[256];
  create_and_get(ec2, "CreateVpc", "{\"CidrBlock\":\"10.1.0.0/16\"}", "VpcId", vpc, sizeof vpc);
  snprintf(request, sizeof request, "{\"VpcId\":\"%s\",\"CidrBlock\":\"10.1.0.0/28\"}", vpc);
  create_and_get(ec2, "CreateSubnet", request, "SubnetId", subnet, sizeof subnet);
  /* A /28 has 11 usable addresses; the m5.large's primary takes one. */
  run_instance(ec2, subnet, "m5.large", eni, sizeof eni);
  snprintf(request, sizeof request,
           "{\"NetworkInterfaceId\":\"%s\",\"Ipv4PrefixCount\":1}", eni);
  char *out = NULL;
  CHECK_RESULT(call(ec2, "AssignPrivateIpAddresses", request, &out),
               ENIPLAN_RESULT_INSUFFICIENT_CIDR_BLOCKS);
  CHECK_STR(eniplan_result_code(ENIPLAN_RESULT_INSUFFICIENT_CIDR_BLOCKS),
            "InsufficientCidrBlocks");
  snprintf(request, sizeof request, "{\"SubnetId\":\"%s\",\"SecondaryPrivateIpAddressCount\":10}",
           subnet);
  CHECK_RESULT(call(ec2, "CreateNetworkInterface", request, &out),
               ENIPLAN_RESULT_INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET);
  eniplan_ec2_free(ec2);
}

/* AllocateAddress and AssociateAddress on one interface's secondary address, then
 * AssignPrivateIpAddresses with AllowReassignment on another interface: the Elastic IP moves
 * with the address, as DescribeAddresses shows. */
static void an_elastic_ip_moves_with_its_reassigned_address(void) {
  eniplan_ec2 *ec2 = new_model();
  char subnet[64], first[64], second[64], allocation[64], request[512];
  make_subnet(ec2, subnet, sizeof subnet);
  create_interface(ec2, subnet, first, sizeof first);
  create_interface(ec2, subnet, second, sizeof second);
  snprintf(request, sizeof request,
           "{\"NetworkInterfaceId\":\"%s\",\"PrivateIpAddresses\":[\"10.0.1.30\"]}", first);
  eniplan_string_free(call_ok(ec2, "AssignPrivateIpAddresses", request));

  char *allocated = call_ok(ec2, "AllocateAddress", "{\"Domain\":\"vpc\"}");
  json_string(allocated, "AllocationId", allocation, sizeof allocation);
  CHECK_CONTAINS(allocated, "\"PublicIp\":\"198.18.0.0\"");
  eniplan_string_free(allocated);
  snprintf(request, sizeof request,
           "{\"AllocationId\":\"%s\",\"NetworkInterfaceId\":\"%s\","
           "\"PrivateIpAddress\":\"10.0.1.30\"}",
           allocation, first);
  char *associated = call_ok(ec2, "AssociateAddress", request);
  CHECK_CONTAINS(associated, "\"AssociationId\":\"eipassoc-");
  eniplan_string_free(associated);

  /* Without AllowReassignment the address stays where it is. */
  snprintf(request, sizeof request,
           "{\"NetworkInterfaceId\":\"%s\",\"PrivateIpAddresses\":[\"10.0.1.30\"]}", second);
  char *out = NULL;
  CHECK_RESULT(call(ec2, "AssignPrivateIpAddresses", request, &out),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  CHECK_STR(last_error(), "[10.0.1.30] assigned, but move is not allowed.");

  snprintf(request, sizeof request,
           "{\"NetworkInterfaceId\":\"%s\",\"PrivateIpAddresses\":[\"10.0.1.30\"],"
           "\"AllowReassignment\":true}",
           second);
  eniplan_string_free(call_ok(ec2, "AssignPrivateIpAddresses", request));

  char *addresses = call_ok(ec2, "DescribeAddresses",
                            "{\"Filters\":[{\"Name\":\"public-ip\",\"Values\":[\"198.18.0.0\"]}]}");
  char owner[64], private_ip[32];
  json_string(addresses, "NetworkInterfaceId", owner, sizeof owner);
  json_string(addresses, "PrivateIpAddress", private_ip, sizeof private_ip);
  CHECK_STR(owner, second);
  CHECK_STR(private_ip, "10.0.1.30");
  eniplan_string_free(addresses);

  /* The first interface no longer holds the address. */
  snprintf(request, sizeof request, "{\"NetworkInterfaceIds\":[\"%s\"]}", first);
  char *described = call_ok(ec2, "DescribeNetworkInterfaces", request);
  CHECK(strstr(described, "10.0.1.30") == NULL);
  eniplan_string_free(described);
  eniplan_ec2_free(ec2);
}

static void dry_run_and_failures_change_nothing(void) {
  eniplan_ec2 *ec2 = new_model();
  char subnet[64], eni[64], request[256];
  make_subnet(ec2, subnet, sizeof subnet);
  run_instance(ec2, subnet, "m5.large", eni, sizeof eni);
  char *before = snapshot(ec2);

  char *out = NULL;
  snprintf(request, sizeof request, "{\"SubnetId\":\"%s\",\"DryRun\":true}", subnet);
  CHECK_RESULT(call(ec2, "CreateNetworkInterface", request, &out),
               ENIPLAN_RESULT_DRY_RUN_OPERATION);
  CHECK_STR(last_error(), "Request would have succeeded, but DryRun flag is set.");
  /* Three good addresses and one outside the subnet: all or nothing. */
  snprintf(request, sizeof request,
           "{\"NetworkInterfaceId\":\"%s\",\"PrivateIpAddresses\":"
           "[\"10.0.1.40\",\"10.0.1.41\",\"10.0.1.42\",\"10.0.2.1\"]}",
           eni);
  CHECK_RESULT(call(ec2, "AssignPrivateIpAddresses", request, &out),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);

  char *after = snapshot(ec2);
  CHECK_STR(after, before);
  free(before);
  free(after);
  eniplan_ec2_free(ec2);
}

static void refuses_null_garbage_and_invalid_utf8(void) {
  eniplan_ec2 *ec2 = new_model();
  char *out = (char *)"untouched";
  size_t len = 99;

  CHECK_RESULT(eniplan_ec2_call(NULL, "DescribeVpcs", 12, "{}", 2, &out, &len),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK(out == NULL && len == 0);
  CHECK_STR(last_error(), "argument `ec2` is NULL");
  CHECK_RESULT(eniplan_ec2_call(ec2, NULL, 12, "{}", 2, &out, &len),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_STR(last_error(), "argument `action` is NULL but its length is 12");
  CHECK_RESULT(eniplan_ec2_call(ec2, "DescribeVpcs", 12, NULL, 2, &out, &len),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_RESULT(eniplan_ec2_call(ec2, "DescribeVpcs", 12, "{}", 2, NULL, &len),
               ENIPLAN_RESULT_NULL_ARGUMENT);
  CHECK_STR(last_error(), "argument `out_response` is NULL");

  /* NULL with length 0 is an empty string: no action has that name. */
  CHECK_RESULT(eniplan_ec2_call(ec2, NULL, 0, "{}", 2, &out, &len),
               ENIPLAN_RESULT_INVALID_ACTION);
  CHECK_RESULT(eniplan_ec2_call(ec2, "DescribeVpcs", 12, NULL, 0, &out, &len),
               ENIPLAN_RESULT_INVALID_REQUEST);

  /* Invalid UTF-8 in either string. */
  const char bad_action[] = "Describe\xff\xfeVpcs";
  CHECK_RESULT(eniplan_ec2_call(ec2, bad_action, strlen(bad_action), "{}", 2, &out, &len),
               ENIPLAN_RESULT_INVALID_UTF8);
  CHECK_CONTAINS(last_error(), "argument `action` is not valid UTF-8");
  const char bad_request[] = "{\"CidrBlock\":\"10.0.0.0/16\xc3\"}";
  CHECK_RESULT(eniplan_ec2_call(ec2, "CreateVpc", 9, bad_request, strlen(bad_request), &out, &len),
               ENIPLAN_RESULT_INVALID_UTF8);
  /* A lone surrogate encoded in UTF-8 is not UTF-8 either. */
  const char surrogate[] = "{\"CidrBlock\":\"\xed\xa0\x80\"}";
  CHECK_RESULT(eniplan_ec2_call(ec2, "CreateVpc", 9, surrogate, strlen(surrogate), &out, &len),
               ENIPLAN_RESULT_INVALID_UTF8);

  /* Lengths decide, not NULs: a NUL inside the request is garbage after the JSON; an action
   * name cut short by its length is another name. */
  const char with_nul[] = "{}\0garbage";
  CHECK_RESULT(eniplan_ec2_call(ec2, "DescribeVpcs", 12, with_nul, sizeof with_nul - 1, &out,
                                &len),
               ENIPLAN_RESULT_INVALID_REQUEST);
  CHECK_RESULT(eniplan_ec2_call(ec2, "DescribeVpcsAndMore", 8, "{}", 2, &out, &len),
               ENIPLAN_RESULT_INVALID_ACTION);
  CHECK_STR(last_error(), "The action Describe is not valid for this web service.");
  /* A length no memory can hold is refused before anything is read. */
  CHECK_RESULT(eniplan_ec2_call(ec2, "DescribeVpcs", (size_t)-1, "{}", 2, &out, &len),
               ENIPLAN_RESULT_INVALID_ARGUMENT);

  /* The length output is optional. */
  CHECK_RESULT(eniplan_ec2_call(ec2, "DescribeVpcs", 12, "{}", 2, &out, NULL), ENIPLAN_RESULT_OK);
  CHECK_STR(out, "{\"Vpcs\":[]}");
  eniplan_string_free(out);
  eniplan_string_free(NULL);

  /* Deeply nested garbage is an error, not a crash. */
  char deep[4096];
  memset(deep, '[', sizeof deep);
  CHECK_RESULT(eniplan_ec2_call(ec2, "DescribeVpcs", 12, deep, sizeof deep, &out, &len),
               ENIPLAN_RESULT_INVALID_REQUEST);
  eniplan_ec2_free(ec2);
}

static void handles_are_made_and_freed_safely(void) {
  eniplan_ec2 *ec2 = (eniplan_ec2 *)&ec2; /* garbage that must be overwritten */
  CHECK_RESULT(eniplan_ec2_new(7, 0, &ec2), ENIPLAN_RESULT_INVALID_ARGUMENT);
  CHECK(ec2 == NULL);
  CHECK_STR(last_error(), "unknown strategy 7");
  CHECK_RESULT(eniplan_ec2_new(ENIPLAN_STRATEGY_RANDOM, 0, NULL), ENIPLAN_RESULT_NULL_ARGUMENT);
  eniplan_ec2_free(NULL);

  /* The same seed gives the same ids and addresses. */
  char *answers[2];
  for (int i = 0; i < 2; i++) {
    CHECK_RESULT(eniplan_ec2_new(ENIPLAN_STRATEGY_RANDOM, 42, &ec2), ENIPLAN_RESULT_OK);
    char subnet[64], eni[64], request[128];
    make_subnet(ec2, subnet, sizeof subnet);
    run_instance(ec2, subnet, "m5.large", eni, sizeof eni);
    snprintf(request, sizeof request,
             "{\"NetworkInterfaceId\":\"%s\",\"SecondaryPrivateIpAddressCount\":3}", eni);
    answers[i] = call_ok(ec2, "AssignPrivateIpAddresses", request);
    eniplan_ec2_free(ec2);
  }
  CHECK_STR(answers[0], answers[1]);
  eniplan_string_free(answers[0]);
  eniplan_string_free(answers[1]);
}

static void loads_describe_output(void) {
  eniplan_ec2 *ec2 = new_model();
  const char *documents =
      "[{\"NetworkInterfaces\":[{\"NetworkInterfaceId\":\"eni-0a1b2c3d\","
      "\"SubnetId\":\"subnet-0a1b2c3d\",\"PrivateIpAddress\":\"10.0.0.9\"}]},"
      "{\"Subnets\":[{\"SubnetId\":\"subnet-0a1b2c3d\",\"VpcId\":\"vpc-0a1b2c3d\","
      "\"CidrBlock\":\"10.0.0.0/24\"}]}]";
  CHECK_RESULT(eniplan_ec2_load_describe(ec2, documents, strlen(documents)), ENIPLAN_RESULT_OK);
  char *subnets = call_ok(ec2, "DescribeSubnets", "{}");
  /* 251 usable less the interface's primary. */
  CHECK(json_number(subnets, "AvailableIpAddressCount") == 250);
  eniplan_string_free(subnets);

  /* A second interface on the same address: refused, naming both, and nothing loaded. */
  const char *clash =
      "{\"NetworkInterfaces\":[{\"NetworkInterfaceId\":\"eni-0f0f0f0f\","
      "\"SubnetId\":\"subnet-0a1b2c3d\",\"PrivateIpAddress\":\"10.0.0.9\"}]}";
  CHECK_RESULT(eniplan_ec2_load_describe(ec2, clash, strlen(clash)),
               ENIPLAN_RESULT_INVALID_PARAMETER_VALUE);
  CHECK_CONTAINS(last_error(), "address 10.0.0.9 is also held by eni-0a1b2c3d");
  CHECK_RESULT(eniplan_ec2_load_describe(ec2, "not json", 8), ENIPLAN_RESULT_INVALID_REQUEST);
  CHECK_RESULT(eniplan_ec2_load_describe(NULL, "{}", 2), ENIPLAN_RESULT_NULL_ARGUMENT);
  char *interfaces = call_ok(ec2, "DescribeNetworkInterfaces", "{}");
  CHECK(strstr(interfaces, "eni-0f0f0f0f") == NULL);
  eniplan_string_free(interfaces);
  eniplan_ec2_free(ec2);
}

int main(void) {
  static const struct test tests[] = {
      {"creates a network and an instance", creates_a_network_and_an_instance},
      {"answers each class of EC2 error", answers_each_class_of_ec2_error},
      {"a small subnet runs out of addresses", a_small_subnet_runs_out_of_addresses},
      {"an Elastic IP moves with its reassigned address",
       an_elastic_ip_moves_with_its_reassigned_address},
      {"DryRun and failures change nothing", dry_run_and_failures_change_nothing},
      {"refuses NULL, garbage and invalid UTF-8", refuses_null_garbage_and_invalid_utf8},
      {"handles are made and freed safely", handles_are_made_and_freed_safely},
      {"loads describe output", loads_describe_output},
  };
  return RUN_TESTS(tests);
}
