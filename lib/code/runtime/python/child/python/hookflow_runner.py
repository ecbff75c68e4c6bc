"""Runs one invocation of a user's handler inside the runner process (called from python-child.mjs).

The user's module runs in fresh globals every time (module-level state never survives an
invocation); only the compiled code object is cached, by the version's cache key. Logs, the
return value and errors are capped and shaped here, and checked again by the host.
"""

import asyncio
import base64
import datetime
import decimal
import inspect
import json
import linecache
import logging
import math
import sys
import traceback

import hookflow
from hookflow import _bridge

USER_FILENAME = "handler.py"
_CODE_CACHE_SIZE = 64
_code_cache = {}

_LOG_LEVELS = {logging.DEBUG: "debug", logging.INFO: "info", logging.WARNING: "warn"}


class _LogCapture:
    def __init__(self, max_bytes):
        self.lines = []
        self.bytes = 0
        self.max_bytes = max_bytes
        self.truncated = False

    def add(self, level, message):
        if self.truncated:
            return
        size = len(message.encode("utf-8", "replace"))
        if self.bytes + size > self.max_bytes:
            self.truncated = True
            return
        self.bytes += size
        self.lines.append({"level": level, "message": message, "at": int(_now_ms())})


class _StreamToLog:
    """sys.stdout / sys.stderr during an invocation: one log line per printed line."""

    def __init__(self, capture, level):
        self._capture = capture
        self._level = level
        self._partial = ""

    def write(self, text):
        if self._capture.truncated:
            return len(text)
        text = self._partial + str(text)
        *lines, self._partial = text.split("\n")
        for line in lines:
            self._capture.add(self._level, line)
        if len(self._partial) > self._capture.max_bytes:
            self._capture.add(self._level, self._partial)
            self._partial = ""
        return len(text)

    def flush(self):
        if self._partial:
            self._capture.add(self._level, self._partial)
            self._partial = ""

    def isatty(self):
        return False


class _LogHandler(logging.Handler):
    def __init__(self, capture):
        super().__init__(logging.DEBUG)
        self._capture = capture
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record):
        level = _LOG_LEVELS.get(record.levelno, "error" if record.levelno > logging.WARNING else "debug")
        self._capture.add(level, self.format(record))


def _now_ms():
    import time

    return time.time() * 1000


class Context:
    """The handler's third argument: ids, the function's secrets (env) and the SDK."""

    def __init__(self, fields, env):
        self.function_id = fields.get("functionId")
        self.version_id = fields.get("versionId")
        self.run_id = fields.get("runId")
        self.invocation_id = fields.get("invocationId")
        self.workspace_id = fields.get("workspaceId")
        self.env = dict(env)
        self.sdk = hookflow

    def __getitem__(self, key):
        return getattr(self, key)

    def __repr__(self):
        return f"<Context function_id={self.function_id!r} run_id={self.run_id!r}>"


def _compile(code, cache_key):
    compiled = _code_cache.get(cache_key)
    if compiled is not None and compiled[0] == code:
        return compiled[1]
    code_object = compile(code, USER_FILENAME, "exec", dont_inherit=True)
    if len(_code_cache) >= _CODE_CACHE_SIZE:
        _code_cache.pop(next(iter(_code_cache)))
    _code_cache[cache_key] = (code, code_object)
    return code_object


def _json_default(value):
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if hasattr(value, "_asdict"):
        return value._asdict()
    if hasattr(value, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(value)
    return str(value)


def _without_non_finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _without_non_finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_without_non_finite(v) for v in value]
    return value


def _encode_return(value, max_bytes):
    try:
        encoded = json.dumps(value, default=_json_default, allow_nan=False)
    except ValueError:
        encoded = json.dumps(_without_non_finite(value), default=_json_default, allow_nan=False)
    size = len(encoded.encode("utf-8"))
    if size > max_bytes:
        raise _LimitError(f"the return value is {size} bytes as JSON, over the limit of {max_bytes} bytes")
    return encoded


class _LimitError(Exception):
    """A limit of the invocation was exceeded (reported as an error, not a crash)."""


class _HandlerMissingError(Exception):
    """The module defines no callable `handler`."""


def _user_position(error):
    """The innermost frame in the user's file, or the syntax error's position."""
    if isinstance(error, SyntaxError) and error.filename == USER_FILENAME:
        return error.lineno, error.offset
    line = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == USER_FILENAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line, None


def _user_stack(error):
    """The traceback with the runner's own frames removed, so it reads as the user's code."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == USER_FILENAME]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(error), error)
    return "".join(lines)


def _error(status, error, message=None):
    line, column = _user_position(error)
    return {
        "status": status,
        "error": {
            "name": type(error).__name__,
            "message": message or str(error),
            "stack": _user_stack(error),
            "line": line,
            "column": column,
        },
    }


async def _run_handler(code, cache_key, payload):
    code_object = _compile(code, cache_key)
    module_globals = {"__name__": "handler", "__file__": USER_FILENAME, "__builtins__": __builtins__}
    exec(code_object, module_globals)
    handler = module_globals.get("handler")
    if not callable(handler):
        raise _HandlerMissingError("define `def handler(event, profile, context):` (or `async def`) at the top level")
    context = Context(payload["context"], payload.get("env") or {})
    result = handler(payload.get("event"), payload.get("profile"), context)
    if inspect.isawaitable(result):
        result = await result
    failure = await _bridge.settle_unawaited()
    if failure is not None:
        raise failure
    return result


async def invoke(code, cache_key, payload_json):
    payload = json.loads(payload_json)
    limits = payload["limits"]
    capture = _LogCapture(limits["maxLogBytes"])
    linecache.cache[USER_FILENAME] = (len(code), None, code.splitlines(True), USER_FILENAME)
    _bridge.begin()
    saved_streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _StreamToLog(capture, "log"), _StreamToLog(capture, "error")
    root = logging.getLogger()
    saved_logging = root.handlers[:], root.level
    root.handlers = [_LogHandler(capture)]
    root.setLevel(logging.DEBUG)
    try:
        value = await _run_handler(code, cache_key, payload)
        outcome = {"status": "ok", "returnJson": _encode_return(value, limits["maxReturnBytes"])}
    except KeyboardInterrupt as error:
        outcome = _error("timeout", error, f"CPU time limit of {limits['cpuMs']} ms exceeded")
    except MemoryError as error:
        outcome = _error("memory", error, f"memory limit of {limits['memoryMb']} MB exceeded")
    except (_LimitError, _HandlerMissingError) as error:
        outcome = _error("error", error)
        outcome["error"]["name"] = "LimitError" if isinstance(error, _LimitError) else "HandlerError"
    except BaseException as error:  # noqa: BLE001 - every failure of user code becomes a result
        outcome = _error("error", error)
    finally:
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, _StreamToLog):
                stream.flush()
        sys.stdout, sys.stderr = saved_streams
        root.handlers, level = saved_logging
        root.setLevel(level)
    outcome["logs"] = capture.lines
    outcome["logsTruncated"] = capture.truncated
    try:
        return json.dumps(outcome)
    except MemoryError:
        return json.dumps({"status": "memory", "logs": [], "logsTruncated": True, "error": {
            "name": "MemoryError", "message": "memory limit exceeded while reporting the result",
            "stack": None, "line": None, "column": None}})
