"""Calls from guest Python to the host (IHostBridge.sdk / IHostBridge.fetch) over the runner's IPC.

Pyodide on Node 20 has no WebAssembly stack switching, so a call cannot block until the host
answers: every SDK call is sent at once and returns an awaitable. An async handler awaits it; a
sync handler may fire calls without awaiting them and the runner awaits them after it returns.
"""

import asyncio
import json


def _host_call(kind, method, args_json):
    # Imported here, not at module load: this module is imported before the memory snapshot is
    # taken, when the runner's JavaScript side (`_hookflow_host`) does not exist yet.
    from _hookflow_host import call

    return call(kind, method, args_json)


class HookflowError(Exception):
    """A host call failed (validation, SSRF guard, limits, network). The message says why."""


_pending = []


class PendingCall:
    """The awaitable an SDK call returns. Its result is the host's answer."""

    def __init__(self, label, future):
        self._label = label
        self._future = future
        self.awaited = False

    def __await__(self):
        self.awaited = True
        return self._future.__await__()

    def __getattr__(self, name):
        raise TypeError(
            f"{self._label}(...) returns an awaitable, not its result: write `await {self._label}(...)` "
            "inside `async def handler(event, profile, context):`"
        )

    def _needs_await(self, *args):
        self.__getattr__("result")

    __getitem__ = __contains__ = __iter__ = __len__ = _needs_await

    def __repr__(self):
        return f"<pending {self._label}(...)>"


async def _resolve(promise, transform):
    answer = json.loads(await promise)
    if not answer["ok"]:
        raise HookflowError(answer["error"])
    value = answer.get("value")
    return transform(value) if transform else value


def _argument_default(value):
    """datetime/date → ISO 8601 (create_event(time=...)); sets → lists; Decimal → float."""
    import datetime
    import decimal

    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON-serialisable")


def call(kind, method, args, label, transform=None):
    try:
        args_json = json.dumps(args, allow_nan=False, default=_argument_default)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{label}: arguments must be JSON-serialisable ({error})") from None
    future = asyncio.ensure_future(_resolve(_host_call(kind, method, args_json), transform))
    pending = PendingCall(label, future)
    _pending.append(pending)
    return pending


def begin():
    _pending.clear()


async def settle_unawaited():
    """Waits for calls the handler did not await; returns the first failure among them, if any."""
    calls = list(_pending)
    _pending.clear()
    failure = None
    for pending in calls:
        try:
            await pending._future
        except Exception as error:  # noqa: BLE001 - reported as the invocation's error below
            if not pending.awaited and failure is None:
                failure = HookflowError(f"{pending._label}(...) failed: {error}")
    return failure
