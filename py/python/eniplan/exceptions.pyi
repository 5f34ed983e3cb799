"""Generated from eniplan._native.error_codes() by py/tests/test_errors.py; do not edit.

Regenerate with: ENIPLAN_WRITE_STUBS=1 pytest py/tests/test_errors.py
"""

from eniplan._exceptions import ClientError as ClientError

__all__ = [
    "ClientError",
    "from_code",
    "MissingParameter",
    "InvalidParameterValue",
    "InvalidParameterCombination",
    "InvalidRequest",
    "UnknownParameter",
    "DryRunOperation",
    "UnsupportedOperation",
    "IdempotentParameterMismatch",
    "InvalidParameter",
    "VPCIdNotSpecified",
    "InvalidNetworkInterfaceIdMalformed",
    "InvalidNetworkInterfaceIDNotFound",
    "InvalidSubnetIDMalformed",
    "InvalidSubnetIDNotFound",
    "InvalidVpcIDMalformed",
    "InvalidVpcIDNotFound",
    "InvalidInstanceIDMalformed",
    "InvalidInstanceIDNotFound",
    "InvalidAllocationIDMalformed",
    "InvalidAllocationIDNotFound",
    "InvalidAssociationIDMalformed",
    "InvalidAssociationIDNotFound",
    "InvalidNetworkInterfaceAttachmentIdMalformed",
    "InvalidAttachmentIDNotFound",
    "InvalidSubnetCidrReservationIDMalformed",
    "InvalidSubnetCidrReservationIDNotFound",
    "InvalidReservationIDMalformed",
    "InvalidReservationIDNotFound",
    "InvalidAddressNotFound",
    "InvalidID",
    "InvalidGroupIdMalformed",
    "InvalidGroupNotFound",
    "InvalidRouteTableIdMalformed",
    "InvalidRouteTableIDNotFound",
    "InvalidNetworkAclIdMalformed",
    "InvalidNetworkAclIDNotFound",
    "PrivateIpAddressLimitExceeded",
    "InsufficientFreeAddressesInSubnet",
    "InsufficientCidrBlocks",
    "AttachmentLimitExceeded",
    "InvalidInterfaceIpAddressLimitExceeded",
    "AddressLimitExceeded",
    "InvalidInstanceType",
    "TagLimitExceeded",
    "InvalidIPAddressInUse",
    "InvalidNetworkInterfaceInUse",
    "InvalidSubnetRange",
    "InvalidSubnetConflict",
    "InvalidVpcRange",
    "OperationNotPermitted",
    "IncorrectInstanceState",
    "ResourceAlreadyAssociated",
    "InvalidInstanceID",
    "DependencyViolation",
    "SecurityGroupsPerInterfaceLimitExceeded",
    "IdempotentInstanceTerminated",
    "InvalidAction",
    "MissingAction",
]

def from_code(code: str) -> type[ClientError]: ...

class MissingParameter(ClientError):
    """The EC2 error ``MissingParameter``."""

class InvalidParameterValue(ClientError):
    """The EC2 error ``InvalidParameterValue``."""

class InvalidParameterCombination(ClientError):
    """The EC2 error ``InvalidParameterCombination``."""

class InvalidRequest(ClientError):
    """The EC2 error ``InvalidRequest``."""

class UnknownParameter(ClientError):
    """The EC2 error ``UnknownParameter``."""

class DryRunOperation(ClientError):
    """The EC2 error ``DryRunOperation``."""

class UnsupportedOperation(ClientError):
    """The EC2 error ``UnsupportedOperation``."""

class IdempotentParameterMismatch(ClientError):
    """The EC2 error ``IdempotentParameterMismatch``."""

class InvalidParameter(ClientError):
    """The EC2 error ``InvalidParameter``."""

class VPCIdNotSpecified(ClientError):
    """The EC2 error ``VPCIdNotSpecified``."""

class InvalidNetworkInterfaceIdMalformed(ClientError):
    """The EC2 error ``InvalidNetworkInterfaceId.Malformed``."""

class InvalidNetworkInterfaceIDNotFound(ClientError):
    """The EC2 error ``InvalidNetworkInterfaceID.NotFound``."""

class InvalidSubnetIDMalformed(ClientError):
    """The EC2 error ``InvalidSubnetID.Malformed``."""

class InvalidSubnetIDNotFound(ClientError):
    """The EC2 error ``InvalidSubnetID.NotFound``."""

class InvalidVpcIDMalformed(ClientError):
    """The EC2 error ``InvalidVpcID.Malformed``."""

class InvalidVpcIDNotFound(ClientError):
    """The EC2 error ``InvalidVpcID.NotFound``."""

class InvalidInstanceIDMalformed(ClientError):
    """The EC2 error ``InvalidInstanceID.Malformed``."""

class InvalidInstanceIDNotFound(ClientError):
    """The EC2 error ``InvalidInstanceID.NotFound``."""

class InvalidAllocationIDMalformed(ClientError):
    """The EC2 error ``InvalidAllocationID.Malformed``."""

class InvalidAllocationIDNotFound(ClientError):
    """The EC2 error ``InvalidAllocationID.NotFound``."""

class InvalidAssociationIDMalformed(ClientError):
    """The EC2 error ``InvalidAssociationID.Malformed``."""

class InvalidAssociationIDNotFound(ClientError):
    """The EC2 error ``InvalidAssociationID.NotFound``."""

class InvalidNetworkInterfaceAttachmentIdMalformed(ClientError):
    """The EC2 error ``InvalidNetworkInterfaceAttachmentId.Malformed``."""

class InvalidAttachmentIDNotFound(ClientError):
    """The EC2 error ``InvalidAttachmentID.NotFound``."""

class InvalidSubnetCidrReservationIDMalformed(ClientError):
    """The EC2 error ``InvalidSubnetCidrReservationID.Malformed``."""

class InvalidSubnetCidrReservationIDNotFound(ClientError):
    """The EC2 error ``InvalidSubnetCidrReservationID.NotFound``."""

class InvalidReservationIDMalformed(ClientError):
    """The EC2 error ``InvalidReservationID.Malformed``."""

class InvalidReservationIDNotFound(ClientError):
    """The EC2 error ``InvalidReservationID.NotFound``."""

class InvalidAddressNotFound(ClientError):
    """The EC2 error ``InvalidAddress.NotFound``."""

class InvalidID(ClientError):
    """The EC2 error ``InvalidID``."""

class InvalidGroupIdMalformed(ClientError):
    """The EC2 error ``InvalidGroupId.Malformed``."""

class InvalidGroupNotFound(ClientError):
    """The EC2 error ``InvalidGroup.NotFound``."""

class InvalidRouteTableIdMalformed(ClientError):
    """The EC2 error ``InvalidRouteTableId.Malformed``."""

class InvalidRouteTableIDNotFound(ClientError):
    """The EC2 error ``InvalidRouteTableID.NotFound``."""

class InvalidNetworkAclIdMalformed(ClientError):
    """The EC2 error ``InvalidNetworkAclId.Malformed``."""

class InvalidNetworkAclIDNotFound(ClientError):
    """The EC2 error ``InvalidNetworkAclID.NotFound``."""

class PrivateIpAddressLimitExceeded(ClientError):
    """The EC2 error ``PrivateIpAddressLimitExceeded``."""

class InsufficientFreeAddressesInSubnet(ClientError):
    """The EC2 error ``InsufficientFreeAddressesInSubnet``."""

class InsufficientCidrBlocks(ClientError):
    """The EC2 error ``InsufficientCidrBlocks``."""

class AttachmentLimitExceeded(ClientError):
    """The EC2 error ``AttachmentLimitExceeded``."""

class InvalidInterfaceIpAddressLimitExceeded(ClientError):
    """The EC2 error ``InvalidInterface.IpAddressLimitExceeded``."""

class AddressLimitExceeded(ClientError):
    """The EC2 error ``AddressLimitExceeded``."""

class InvalidInstanceType(ClientError):
    """The EC2 error ``InvalidInstanceType``."""

class TagLimitExceeded(ClientError):
    """The EC2 error ``TagLimitExceeded``."""

class InvalidIPAddressInUse(ClientError):
    """The EC2 error ``InvalidIPAddress.InUse``."""

class InvalidNetworkInterfaceInUse(ClientError):
    """The EC2 error ``InvalidNetworkInterface.InUse``."""

class InvalidSubnetRange(ClientError):
    """The EC2 error ``InvalidSubnet.Range``."""

class InvalidSubnetConflict(ClientError):
    """The EC2 error ``InvalidSubnet.Conflict``."""

class InvalidVpcRange(ClientError):
    """The EC2 error ``InvalidVpc.Range``."""

class OperationNotPermitted(ClientError):
    """The EC2 error ``OperationNotPermitted``."""

class IncorrectInstanceState(ClientError):
    """The EC2 error ``IncorrectInstanceState``."""

class ResourceAlreadyAssociated(ClientError):
    """The EC2 error ``Resource.AlreadyAssociated``."""

class InvalidInstanceID(ClientError):
    """The EC2 error ``InvalidInstanceID``."""

class DependencyViolation(ClientError):
    """The EC2 error ``DependencyViolation``."""

class SecurityGroupsPerInterfaceLimitExceeded(ClientError):
    """The EC2 error ``SecurityGroupsPerInterfaceLimitExceeded``."""

class IdempotentInstanceTerminated(ClientError):
    """The EC2 error ``IdempotentInstanceTerminated``."""

class InvalidAction(ClientError):
    """The EC2 error ``InvalidAction``."""

class MissingAction(ClientError):
    """The EC2 error ``MissingAction``."""
