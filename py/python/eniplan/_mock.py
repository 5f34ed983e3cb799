"""``mock_ec2()``: a real ``boto3.client("ec2")`` answered by an eniplan model.

While a mock is active, every EC2 client that botocore creates (``boto3.client("ec2")``,
``boto3.Session().client("ec2")``, ``boto3.resource("ec2")``) gets two event handlers, the way
botocore's ``Stubber`` intercepts calls: ``before-parameter-build`` keeps the parameters the
caller gave (after botocore validated them against the EC2 model), and ``before-call`` answers
the actions eniplan models with ``Ec2.call`` instead of sending a request. Any other action is
left alone and goes to AWS as usual. Errors are raised as eniplan's exception classes, which are
``botocore.exceptions.ClientError`` subclasses, from the real client's method.
"""

from __future__ import annotations

import functools
import threading
import weakref
from types import TracebackType
from typing import Any, Callable, Optional, TypeVar, cast, overload

from eniplan._native import Ec2, action_names

F = TypeVar("F", bound=Callable[..., Any])

_CAPTURE_EVENT = "before-parameter-build.ec2"
_ANSWER_EVENT = "before-call.ec2"
_REQUEST_KEY = "eniplan.request"

# Active mocks, innermost last; clients created meanwhile belong to the innermost one.
_lock = threading.RLock()
_active: list[_Activation] = []
_original_create_client: Optional[Callable[..., Any]] = None


class _Activation:
    """One activation of a mock: a model and the clients it answers."""

    def __init__(self, ec2: Ec2) -> None:
        self.ec2 = ec2
        self.live = True
        self.actions = frozenset(action_names())
        self.clients: weakref.WeakSet[Any] = weakref.WeakSet()
        self.unique_id = f"eniplan-mock-{id(self)}"

    def attach(self, client: Any) -> None:
        events = client.meta.events
        events.register(_CAPTURE_EVENT, self.capture, unique_id=f"{self.unique_id}-capture")
        events.register(_ANSWER_EVENT, self.answer, unique_id=f"{self.unique_id}-answer")
        self.clients.add(client)

    def detach(self) -> None:
        self.live = False
        for client in list(self.clients):
            events = client.meta.events
            events.unregister(_CAPTURE_EVENT, unique_id=f"{self.unique_id}-capture")
            events.unregister(_ANSWER_EVENT, unique_id=f"{self.unique_id}-answer")
        self.clients.clear()

    def capture(
        self, params: dict[str, Any], model: Any, context: dict[str, Any], **kwargs: Any
    ) -> None:
        if self.live and model.name in self.actions:
            context[_REQUEST_KEY] = dict(params)

    def answer(
        self, model: Any, params: dict[str, Any], context: dict[str, Any], **kwargs: Any
    ) -> Optional[tuple[Any, dict[str, Any]]]:
        request = context.pop(_REQUEST_KEY, None)
        if request is None or not self.live:
            return None
        from botocore.awsrequest import AWSResponse

        # Raises the eniplan exception (a botocore ClientError) out of the client's method.
        response: dict[str, Any] = self.ec2.call(model.name, request)
        if model.output_shape is not None:
            _parse_timestamps(model.output_shape, response)
        headers = response["ResponseMetadata"]["HTTPHeaders"]
        return AWSResponse(str(params.get("url", "")), 200, headers, None), response


def _parse_timestamps(shape: Any, value: Any) -> Any:
    """``value`` with every member of timestamp shape parsed into a ``datetime``, as botocore's
    parser gives them (``LaunchTime``, ``AttachTime``); structures and lists change in place."""
    kind = shape.type_name
    if kind == "timestamp" and isinstance(value, str):
        from botocore.utils import parse_timestamp

        return parse_timestamp(value)
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                value[name] = _parse_timestamps(member, value[name])
    elif kind == "list" and isinstance(value, list):
        value[:] = [_parse_timestamps(shape.member, item) for item in value]
    elif kind == "map" and isinstance(value, dict):
        for key in value:
            value[key] = _parse_timestamps(shape.value, value[key])
    return value


def _create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
    assert _original_create_client is not None
    client = _original_create_client(self, *args, **kwargs)
    with _lock:
        activation = _active[-1] if _active else None
    if activation is not None and client.meta.service_model.service_name == "ec2":
        activation.attach(client)
    return client


def _push(activation: _Activation) -> None:
    global _original_create_client
    try:
        from botocore.session import Session
    except ImportError as missing:
        raise ImportError("eniplan.mock_ec2() needs botocore: pip install boto3") from missing
    with _lock:
        if not _active:
            _original_create_client = Session.create_client
            Session.create_client = functools.wraps(Session.create_client)(_create_client)  # type: ignore[method-assign]
        _active.append(activation)


def _pop(activation: _Activation) -> None:
    global _original_create_client
    activation.detach()
    with _lock:
        _active.remove(activation)
        if not _active and _original_create_client is not None:
            from botocore.session import Session

            Session.create_client = _original_create_client  # type: ignore[method-assign]
            _original_create_client = None


class MockEc2:
    """A context manager and decorator under which boto3's EC2 clients answer from eniplan.

    Each activation (each ``with`` block, each call of a decorated function) starts from a new
    empty model made with ``strategy`` and ``seed``, unless ``ec2`` gives the model to use.
    ``with`` gives the model, to inspect (``subnet_report``) or to call directly. Only clients
    created while the mock is active are answered; the model stands for one region and answers
    clients of every region.
    """

    def __init__(self, *, strategy: str = "random", seed: int = 0, ec2: Optional[Ec2] = None):
        if ec2 is None:
            Ec2(strategy=strategy, seed=seed)  # bad arguments fail here, not when activated
        self._ec2 = ec2
        self._strategy = strategy
        self._seed = seed
        self._activations: list[_Activation] = []

    def start(self) -> Ec2:
        """Activates the mock and gives its model (what ``with`` does)."""
        model = self._ec2 if self._ec2 is not None else Ec2(strategy=self._strategy, seed=self._seed)
        activation = _Activation(model)
        _push(activation)
        self._activations.append(activation)
        return model

    def stop(self) -> None:
        """Ends the latest activation: its clients go back to sending requests to AWS."""
        if not self._activations:
            raise RuntimeError("mock_ec2 is not active")
        _pop(self._activations.pop())

    def __enter__(self) -> Ec2:
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.stop()

    def __call__(self, func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return cast(F, wrapper)


@overload
def mock_ec2(func: F, /) -> F: ...


@overload
def mock_ec2(
    *, strategy: str = "random", seed: int = 0, ec2: Optional[Ec2] = None
) -> MockEc2: ...


def mock_ec2(
    func: Optional[F] = None,
    /,
    *,
    strategy: str = "random",
    seed: int = 0,
    ec2: Optional[Ec2] = None,
) -> Any:
    """Answer boto3's EC2 clients with an eniplan model, as a context manager or decorator.

    ``with eniplan.mock_ec2() as ec2:`` or ``@eniplan.mock_ec2`` or
    ``@eniplan.mock_ec2(strategy="lowest", seed=7)``.
    """
    mock = MockEc2(strategy=strategy, seed=seed, ec2=ec2)
    return mock if func is None else mock(func)
