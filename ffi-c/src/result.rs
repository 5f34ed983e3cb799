//! `eniplan_result`: the code every fallible call returns, and `eniplan_result_code`.
//!
//! 0 is success; 1–99 belong to the C boundary itself; every number from 100 up is one EC2
//! error code of the core's table (`eniplan::ErrorCode`), with the same name and number. The
//! enum has to be written out here, because cbindgen reads source and cannot see the core's
//! table; the tests below keep it equal to that table, in both directions, and to the checked-in
//! header.

use std::ffi::c_char;

use eniplan::ErrorCode;

/// What a call did: `ENIPLAN_RESULT_OK` (0), a boundary failure (1–99), or the EC2 error it
/// answered (100 and up, one per EC2 error code, numbered as in the core's error table).
///
/// In C this is a `uint32_t`; `eniplan_result_code` names any value and
/// `eniplan_last_error_message` gives the detailed message of the last failure.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(non_camel_case_types)]
pub enum eniplan_result {
    /// Success.
    Ok = 0,
    /// A pointer argument that must not be NULL was NULL (a NULL buffer is accepted only with
    /// length 0).
    NullArgument = 1,
    /// A string argument that is not valid UTF-8.
    InvalidUtf8 = 2,
    /// An output array too short for the answer; the length it needs was written and the model
    /// did not change.
    BufferTooSmall = 3,
    /// An internal error: a panic caught at the boundary. A handle that panicked is poisoned.
    Panic = 4,
    /// An argument out of its range: an unknown strategy, a misaligned pointer, a length larger
    /// than memory.
    InvalidArgument = 5,
    /// The handle is unusable because an earlier call on it panicked; only
    /// `eniplan_ec2_free` accepts it.
    Poisoned = 6,

    // EC2 errors: exactly `eniplan::ErrorCode`, same names and numbers. Each comment is the code
    // as EC2 spells it (what `eniplan_result_code` returns).
    /// MissingParameter
    MissingParameter = 100,
    /// InvalidParameterValue
    InvalidParameterValue = 101,
    /// InvalidParameterCombination
    InvalidParameterCombination = 102,
    /// InvalidRequest
    InvalidRequest = 103,
    /// UnknownParameter
    UnknownParameter = 104,
    /// DryRunOperation
    DryRunOperation = 105,
    /// UnsupportedOperation
    UnsupportedOperation = 106,
    /// IdempotentParameterMismatch
    IdempotentParameterMismatch = 107,
    /// InvalidParameter
    InvalidParameter = 108,
    /// VPCIdNotSpecified
    VpcIdNotSpecified = 109,

    /// InvalidNetworkInterfaceId.Malformed
    InvalidNetworkInterfaceIdMalformed = 200,
    /// InvalidNetworkInterfaceID.NotFound
    InvalidNetworkInterfaceIdNotFound = 201,
    /// InvalidSubnetID.Malformed
    InvalidSubnetIdMalformed = 202,
    /// InvalidSubnetID.NotFound
    InvalidSubnetIdNotFound = 203,
    /// InvalidVpcID.Malformed
    InvalidVpcIdMalformed = 204,
    /// InvalidVpcID.NotFound
    InvalidVpcIdNotFound = 205,
    /// InvalidInstanceID.Malformed
    InvalidInstanceIdMalformed = 206,
    /// InvalidInstanceID.NotFound
    InvalidInstanceIdNotFound = 207,
    /// InvalidAllocationID.Malformed
    InvalidAllocationIdMalformed = 208,
    /// InvalidAllocationID.NotFound
    InvalidAllocationIdNotFound = 209,
    /// InvalidAssociationID.Malformed
    InvalidAssociationIdMalformed = 210,
    /// InvalidAssociationID.NotFound
    InvalidAssociationIdNotFound = 211,
    /// InvalidNetworkInterfaceAttachmentId.Malformed
    InvalidAttachmentIdMalformed = 212,
    /// InvalidAttachmentID.NotFound
    InvalidAttachmentIdNotFound = 213,
    /// InvalidSubnetCidrReservationID.Malformed
    InvalidSubnetCidrReservationIdMalformed = 214,
    /// InvalidSubnetCidrReservationID.NotFound
    InvalidSubnetCidrReservationIdNotFound = 215,
    /// InvalidReservationID.Malformed
    InvalidReservationIdMalformed = 216,
    /// InvalidReservationID.NotFound
    InvalidReservationIdNotFound = 217,
    /// InvalidAddress.NotFound
    InvalidAddressNotFound = 218,
    /// InvalidID
    InvalidId = 219,
    /// InvalidGroupId.Malformed
    InvalidGroupIdMalformed = 220,
    /// InvalidGroup.NotFound
    InvalidGroupNotFound = 221,
    /// InvalidRouteTableId.Malformed
    InvalidRouteTableIdMalformed = 222,
    /// InvalidRouteTableID.NotFound
    InvalidRouteTableIdNotFound = 223,
    /// InvalidNetworkAclId.Malformed
    InvalidNetworkAclIdMalformed = 224,
    /// InvalidNetworkAclID.NotFound
    InvalidNetworkAclIdNotFound = 225,

    /// PrivateIpAddressLimitExceeded
    PrivateIpAddressLimitExceeded = 300,
    /// InsufficientFreeAddressesInSubnet
    InsufficientFreeAddressesInSubnet = 301,
    /// InsufficientCidrBlocks
    InsufficientCidrBlocks = 302,
    /// AttachmentLimitExceeded
    AttachmentLimitExceeded = 303,
    /// InvalidInterface.IpAddressLimitExceeded
    InvalidInterfaceIpAddressLimitExceeded = 304,
    /// AddressLimitExceeded
    AddressLimitExceeded = 305,
    /// InvalidInstanceType
    InvalidInstanceType = 306,
    /// TagLimitExceeded
    TagLimitExceeded = 307,

    /// InvalidIPAddress.InUse
    InvalidIpAddressInUse = 400,
    /// InvalidNetworkInterface.InUse
    InvalidNetworkInterfaceInUse = 401,
    /// InvalidSubnet.Range
    InvalidSubnetRange = 402,
    /// InvalidSubnet.Conflict
    InvalidSubnetConflict = 403,
    /// InvalidVpc.Range
    InvalidVpcRange = 404,
    /// OperationNotPermitted
    OperationNotPermitted = 405,
    /// IncorrectInstanceState
    IncorrectInstanceState = 406,
    /// Resource.AlreadyAssociated
    ResourceAlreadyAssociated = 407,
    /// InvalidInstanceID
    InvalidInstanceId = 408,
    /// DependencyViolation
    DependencyViolation = 409,
    /// SecurityGroupsPerInterfaceLimitExceeded
    SecurityGroupsPerInterfaceLimitExceeded = 410,
    /// IdempotentInstanceTerminated
    IdempotentInstanceTerminated = 420,

    /// InvalidAction
    InvalidAction = 500,

    /// MissingAction
    MissingAction = 501,
}

impl eniplan_result {
    /// Every variant, in ascending order (a test checks it against the header cbindgen makes
    /// from the enum, so none is missing).
    pub(crate) const ALL: &'static [eniplan_result] = {
        use eniplan_result::*;
        &[
            Ok,
            NullArgument,
            InvalidUtf8,
            BufferTooSmall,
            Panic,
            InvalidArgument,
            Poisoned,
            MissingParameter,
            InvalidParameterValue,
            InvalidParameterCombination,
            InvalidRequest,
            UnknownParameter,
            DryRunOperation,
            UnsupportedOperation,
            IdempotentParameterMismatch,
            InvalidParameter,
            VpcIdNotSpecified,
            InvalidNetworkInterfaceIdMalformed,
            InvalidNetworkInterfaceIdNotFound,
            InvalidSubnetIdMalformed,
            InvalidSubnetIdNotFound,
            InvalidVpcIdMalformed,
            InvalidVpcIdNotFound,
            InvalidInstanceIdMalformed,
            InvalidInstanceIdNotFound,
            InvalidAllocationIdMalformed,
            InvalidAllocationIdNotFound,
            InvalidAssociationIdMalformed,
            InvalidAssociationIdNotFound,
            InvalidAttachmentIdMalformed,
            InvalidAttachmentIdNotFound,
            InvalidSubnetCidrReservationIdMalformed,
            InvalidSubnetCidrReservationIdNotFound,
            InvalidReservationIdMalformed,
            InvalidReservationIdNotFound,
            InvalidAddressNotFound,
            InvalidId,
            InvalidGroupIdMalformed,
            InvalidGroupNotFound,
            InvalidRouteTableIdMalformed,
            InvalidRouteTableIdNotFound,
            InvalidNetworkAclIdMalformed,
            InvalidNetworkAclIdNotFound,
            PrivateIpAddressLimitExceeded,
            InsufficientFreeAddressesInSubnet,
            InsufficientCidrBlocks,
            AttachmentLimitExceeded,
            InvalidInterfaceIpAddressLimitExceeded,
            AddressLimitExceeded,
            InvalidInstanceType,
            TagLimitExceeded,
            InvalidIpAddressInUse,
            InvalidNetworkInterfaceInUse,
            InvalidSubnetRange,
            InvalidSubnetConflict,
            InvalidVpcRange,
            OperationNotPermitted,
            IncorrectInstanceState,
            ResourceAlreadyAssociated,
            InvalidInstanceId,
            DependencyViolation,
            SecurityGroupsPerInterfaceLimitExceeded,
            IdempotentInstanceTerminated,
            InvalidAction,
            MissingAction,
        ]
    };

    /// The variant with this number, if any.
    pub(crate) fn from_number(number: u32) -> Option<eniplan_result> {
        Self::ALL
            .binary_search_by_key(&number, |result| *result as u32)
            .ok()
            .map(|index| Self::ALL[index])
    }

    /// The variant of an EC2 error code: the same number. `None` only if the core gained a code
    /// this enum lacks, which the tests rule out.
    pub(crate) fn from_code(code: ErrorCode) -> Option<eniplan_result> {
        Self::from_number(code.number()).filter(|result| *result as u32 >= FIRST_EC2_NUMBER)
    }

    /// The name of a boundary result (below 100), as `eniplan_result_code` gives it.
    fn boundary_name(self) -> Option<&'static std::ffi::CStr> {
        use eniplan_result::*;
        Some(match self {
            Ok => c"OK",
            NullArgument => c"NullArgument",
            InvalidUtf8 => c"InvalidUtf8",
            BufferTooSmall => c"BufferTooSmall",
            Panic => c"Panic",
            InvalidArgument => c"InvalidArgument",
            Poisoned => c"Poisoned",
            _ => return None,
        })
    }
}

/// The first number of the EC2 codes; below it are the boundary's own.
const FIRST_EC2_NUMBER: u32 = 100;

/// Room for the longest EC2 code and its NUL (checked when this compiles).
const CODE_CAPACITY: usize = 64;

/// Every EC2 code of the core's table as a NUL-terminated string, in `ErrorCode::ALL` order,
/// built when the library compiles: static, so nothing is allocated or ever freed.
static EC2_CODES: [[u8; CODE_CAPACITY]; ErrorCode::ALL.len()] = nul_terminated_codes();

const fn nul_terminated_codes() -> [[u8; CODE_CAPACITY]; ErrorCode::ALL.len()] {
    let mut table = [[0u8; CODE_CAPACITY]; ErrorCode::ALL.len()];
    let mut i = 0;
    while i < ErrorCode::ALL.len() {
        let code = ErrorCode::ALL[i].as_str().as_bytes();
        assert!(
            code.len() < CODE_CAPACITY,
            "an EC2 code longer than 63 bytes"
        );
        let mut j = 0;
        while j < code.len() {
            table[i][j] = code[j];
            j += 1;
        }
        i += 1;
    }
    table
}

/// The name of a result as a static NUL-terminated string, never NULL and never to be freed:
/// the EC2 error code exactly as EC2 spells it for 100 and up (for example
/// `"InvalidNetworkInterfaceID.NotFound"`), `"OK"` for 0, the boundary code's name for 1–99
/// (`"NullArgument"`, `"InvalidUtf8"`, `"BufferTooSmall"`, `"Panic"`, `"InvalidArgument"`,
/// `"Poisoned"`), and `"Unknown"` for any other number.
///
/// Takes a plain `uint32_t`, so every value is accepted.
#[no_mangle]
pub extern "C" fn eniplan_result_code(result: u32) -> *const c_char {
    if let Some(name) = eniplan_result::from_number(result).and_then(eniplan_result::boundary_name)
    {
        return name.as_ptr();
    }
    let ec2 = ErrorCode::from_number(result)
        .and_then(|code| ErrorCode::ALL.iter().position(|c| *c == code))
        .and_then(|index| EC2_CODES.get(index));
    match ec2 {
        Some(code) => code.as_ptr().cast(),
        None => c"Unknown".as_ptr(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::ffi::CStr;

    /// `InvalidNetworkInterfaceIdMalformed` → `INVALID_NETWORK_INTERFACE_ID_MALFORMED`, as
    /// cbindgen's `ScreamingSnakeCase` renames variants.
    fn screaming_snake(name: &str) -> String {
        let mut out = String::new();
        for (i, ch) in name.char_indices() {
            if ch.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(ch.to_ascii_uppercase());
        }
        out
    }

    /// Every `ENIPLAN_RESULT_NAME = number,` line of the checked-in header, with the comment
    /// just above it. The test command regenerates the header from this crate with cbindgen and
    /// fails on any difference, so this is the enum as the compiler sees it.
    fn header_constants() -> BTreeMap<String, (u32, String)> {
        let header = include_str!("../include/eniplan.h");
        let mut constants = BTreeMap::new();
        let mut comment = String::new();
        for line in header.lines().map(str::trim) {
            if let Some(text) = line.strip_prefix("* ") {
                comment = text.to_owned();
            }
            let Some(rest) = line.strip_prefix("ENIPLAN_RESULT_") else {
                continue;
            };
            let (name, number) = rest.trim_end_matches(',').split_once(" = ").expect(line);
            let number: u32 = number.parse().expect(line);
            constants.insert(name.to_owned(), (number, std::mem::take(&mut comment)));
        }
        constants
    }

    #[test]
    fn every_core_code_has_a_variant_of_its_name_and_number() {
        for &code in ErrorCode::ALL {
            let result = eniplan_result::from_code(code)
                .unwrap_or_else(|| panic!("no eniplan_result for {code:?} = {}", code.number()));
            assert_eq!(result as u32, code.number());
            assert_eq!(format!("{result:?}"), format!("{code:?}"));
        }
    }

    #[test]
    fn every_ec2_variant_is_a_core_code_and_every_other_is_below_100() {
        for &result in eniplan_result::ALL {
            let number = result as u32;
            if number < FIRST_EC2_NUMBER {
                assert!(result.boundary_name().is_some(), "{result:?} has no name");
                continue;
            }
            let code = ErrorCode::from_number(number)
                .unwrap_or_else(|| panic!("{result:?} = {number} is not in the core's table"));
            assert_eq!(format!("{result:?}"), format!("{code:?}"));
        }
    }

    #[test]
    fn all_is_ascending_and_is_exactly_the_header_enum() {
        assert!(eniplan_result::ALL.windows(2).all(|w| w[0] < w[1]));
        let from_all: BTreeMap<String, u32> = eniplan_result::ALL
            .iter()
            .map(|r| (screaming_snake(&format!("{r:?}")), *r as u32))
            .collect();
        let from_header: BTreeMap<String, u32> = header_constants()
            .into_iter()
            .map(|(name, (number, _))| (name, number))
            .collect();
        assert_eq!(from_all, from_header);
    }

    #[test]
    fn header_documents_each_ec2_constant_with_its_ec2_spelling() {
        let constants = header_constants();
        for &code in ErrorCode::ALL {
            let name = screaming_snake(&format!("{code:?}"));
            let (number, comment) = &constants[&name];
            assert_eq!(*number, code.number());
            assert_eq!(
                comment,
                code.as_str(),
                "the comment above ENIPLAN_RESULT_{name}"
            );
        }
    }

    fn code_of(result: u32) -> &'static str {
        // SAFETY: eniplan_result_code always gives a static NUL-terminated string.
        unsafe { CStr::from_ptr(eniplan_result_code(result)) }
            .to_str()
            .expect("ASCII")
    }

    #[test]
    fn result_code_names_every_number() {
        for &code in ErrorCode::ALL {
            assert_eq!(code_of(code.number()), code.as_str());
        }
        assert_eq!(code_of(0), "OK");
        assert_eq!(code_of(3), "BufferTooSmall");
        assert_eq!(code_of(6), "Poisoned");
        for unknown in [7, 99, 119, 199, 999, u32::MAX] {
            assert_eq!(code_of(unknown), "Unknown");
        }
    }
}
