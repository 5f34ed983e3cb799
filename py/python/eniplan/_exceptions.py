"""``ClientError`` and the factory of the per-code exception classes of ``eniplan.exceptions``.

``ClientError`` behaves like botocore's: ``.response`` is ``{"Error": {"Code", "Message"},
"ResponseMetadata": {...}}``, ``.operation_name`` the EC2 action, and ``str()`` reads "An error
occurred (Code) when calling the Action operation: Message". When botocore is installed it *is*
a ``botocore.exceptions.ClientError``, so ``except botocore.exceptions.ClientError`` catches it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Mapping


class _StandaloneClientError(Exception):
    """botocore's ``ClientError``, for when botocore is not installed."""

    MSG_TEMPLATE = (
        "An error occurred ({error_code}) when calling the {operation_name} "
        "operation{retry_info}: {error_message}"
    )

    def __init__(self, error_response: Mapping[str, Any], operation_name: str) -> None:
        metadata = error_response.get("ResponseMetadata", {})
        retry_info = ""
        if metadata.get("MaxAttemptsReached", False) and "RetryAttempts" in metadata:
            retry_info = f" (reached max retries: {metadata['RetryAttempts']})"
        error = error_response.get("Error", {})
        super().__init__(
            self.MSG_TEMPLATE.format(
                error_code=error.get("Code", "Unknown"),
                error_message=error.get("Message", "Unknown"),
                operation_name=operation_name,
                retry_info=retry_info,
            )
        )
        self.response = error_response
        self.operation_name = operation_name


if TYPE_CHECKING:
    _Base = _StandaloneClientError
else:
    try:
        from botocore.exceptions import ClientError as _Base
    except ImportError:
        _Base = _StandaloneClientError


class ClientError(_Base):
    """An error EC2 would answer with; every EC2 error code has its own subclass.

    ``code`` is the EC2 error code of the subclass (``None`` on ``ClientError`` itself).
    """

    code: ClassVar[str | None] = None
    response: dict[str, Any]
    operation_name: str

    def __reduce__(self) -> tuple[type[ClientError], tuple[dict[str, Any], str]]:
        # botocore's reduces to its base class; the generated classes here are module attributes
        # of eniplan.exceptions, so they pickle as themselves.
        return type(self), (self.response, self.operation_name)


def class_name(code: str) -> str:
    """The exception class name of an EC2 error code: the code without its dots."""
    return code.replace(".", "")


def make_classes(codes: Iterable[str], module: str) -> dict[str, type[ClientError]]:
    """One ``ClientError`` subclass per EC2 error code, by code."""
    classes: dict[str, type[ClientError]] = {}
    names: dict[str, str] = {}
    for code in codes:
        name = class_name(code)
        if name in names:
            raise RuntimeError(f"EC2 error codes {names[name]} and {code} both make class {name}")
        names[name] = code
        namespace = {
            "__module__": module,
            "__qualname__": name,
            "__doc__": f"The EC2 error ``{code}``.",
            "code": code,
        }
        classes[code] = type(name, (ClientError,), namespace)
    return classes
