// The AWS SDK for JavaScript v3, unchanged but for its endpoint, against `eniplan serve`:
// the EC2Client + AssignPrivateIpAddressesCommand pattern of the AWS documentation.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  EC2Client,
  AssignPrivateIpAddressesCommand,
  CreateNetworkInterfaceCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeNetworkInterfacesCommand,
  RunInstancesCommand,
  UnassignPrivateIpAddressesCommand,
} from "@aws-sdk/client-ec2";
import { startServer } from "./server.mjs";

let server;
let client;
let subnetId;
let instanceEni;

before(async () => {
  server = await startServer();
  client = new EC2Client({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts: 1,
  });
  const { Vpc } = await client.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  const { Subnet } = await client.send(new CreateSubnetCommand({ VpcId: Vpc.VpcId, CidrBlock: "10.0.1.0/24" }));
  subnetId = Subnet.SubnetId;
  const reservation = await client.send(
    new RunInstancesCommand({ ImageId: "ami-12345678", InstanceType: "c5.large", MinCount: 1, MaxCount: 1, SubnetId: subnetId }),
  );
  instanceEni = reservation.Instances[0].NetworkInterfaces[0].NetworkInterfaceId;
});

after(async () => {
  client?.destroy();
  await server?.stop();
});

async function refusal(command) {
  try {
    await client.send(command);
  } catch (error) {
    return error;
  }
  assert.fail("EC2 would have refused this request");
}

test("assigns secondary addresses", async () => {
  const input = { NetworkInterfaceId: instanceEni, SecondaryPrivateIpAddressCount: 2 };
  const response = await client.send(new AssignPrivateIpAddressesCommand(input));
  assert.equal(response.NetworkInterfaceId, instanceEni);
  // Lowest free: the primary took 10.0.1.4.
  assert.deepEqual(
    response.AssignedPrivateIpAddresses.map((a) => a.PrivateIpAddress),
    ["10.0.1.5", "10.0.1.6"],
  );
  assert.match(response.$metadata.requestId, /^[0-9a-f-]{36}$/);
});

test("assigns prefixes", async () => {
  const response = await client.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: instanceEni, Ipv4PrefixCount: 1 }));
  assert.deepEqual(response.AssignedIpv4Prefixes, [{ Ipv4Prefix: "10.0.1.16/28" }]);
});

test("surfaces each class of EC2 error with its code and status 400", async () => {
  const cases = [
    [{ NetworkInterfaceId: "eni-12345678", SecondaryPrivateIpAddressCount: 1 }, "InvalidNetworkInterfaceID.NotFound"],
    [{ NetworkInterfaceId: "eni-xyz", SecondaryPrivateIpAddressCount: 1 }, "InvalidNetworkInterfaceId.Malformed"],
    [{ NetworkInterfaceId: instanceEni, PrivateIpAddresses: ["10.0.1.40"], SecondaryPrivateIpAddressCount: 1 }, "InvalidParameterCombination"],
    [{ NetworkInterfaceId: instanceEni, PrivateIpAddresses: ["10.0.9.9"] }, "InvalidParameterValue"],
    // c5.large: 10 slots; the primary, 2 secondaries and a prefix hold 4.
    [{ NetworkInterfaceId: instanceEni, SecondaryPrivateIpAddressCount: 7 }, "PrivateIpAddressLimitExceeded"],
  ];
  for (const [input, code] of cases) {
    const error = await refusal(new AssignPrivateIpAddressesCommand(input));
    assert.equal(error.name, code, JSON.stringify(input));
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.ok(error.message.length > 0);
  }
  const error = await refusal(
    new CreateNetworkInterfaceCommand({ SubnetId: subnetId, SecondaryPrivateIpAddressCount: 60, Ipv4PrefixCount: 1 }),
  );
  assert.equal(error.name, "InvalidParameterCombination");
});

test("refuses a move that is not allowed and names the addresses", async () => {
  const { NetworkInterface } = await client.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }));
  const error = await refusal(
    new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: NetworkInterface.NetworkInterfaceId, PrivateIpAddresses: ["10.0.1.5"] }),
  );
  assert.equal(error.name, "InvalidParameterValue");
  assert.equal(error.message, "[10.0.1.5] assigned, but move is not allowed.");
});

test("unassigns", async () => {
  await client.send(new UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: instanceEni, PrivateIpAddresses: ["10.0.1.6"] }));
  const { NetworkInterfaces } = await client.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [instanceEni] }));
  const addresses = NetworkInterfaces[0].PrivateIpAddresses.map((a) => a.PrivateIpAddress);
  assert.deepEqual(addresses, ["10.0.1.4", "10.0.1.5"]);
  assert.deepEqual(NetworkInterfaces[0].Ipv4Prefixes, [{ Ipv4Prefix: "10.0.1.16/28" }]);
});
