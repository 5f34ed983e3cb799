"""The exceptions of eniplan: ``ClientError`` and one subclass per EC2 error code.

The classes are made from the core's error table (``eniplan._native.error_codes()``), named
after the code without its dots: ``InvalidNetworkInterfaceID.NotFound`` raises
``InvalidNetworkInterfaceIDNotFound``. ``from_code`` finds a class by code, as on
``boto3.client("ec2").exceptions``. ``exceptions.pyi`` lists the same classes for type checkers
(a test keeps it in step with the table).
"""

from __future__ import annotations

from eniplan import _native
from eniplan._exceptions import ClientError, make_classes

_BY_CODE = make_classes(_native.error_codes(), __name__)
globals().update({cls.__name__: cls for cls in _BY_CODE.values()})

__all__ = ["ClientError", "from_code", *(cls.__name__ for cls in _BY_CODE.values())]


def from_code(code: str) -> type[ClientError]:
    """The class of an EC2 error code; ``ClientError`` for a code eniplan never raises."""
    return _BY_CODE.get(code, ClientError)
