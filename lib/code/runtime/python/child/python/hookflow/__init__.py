"""Hookflow SDK for Python code functions.

Every call goes to the host and is scoped to the function's workspace; each returns an awaitable:

    async def handler(event, profile, context):
        await hookflow.update_profile({"locale": "fr"})
        response = await hookflow.http.get("https://api.example.com/rates")
        return response.json()
"""

from . import http
from ._bridge import HookflowError, call as _call

__all__ = [
    "HookflowError",
    "add_to_list",
    "create_event",
    "get_profile",
    "http",
    "remove_from_list",
    "update_profile",
]


def update_profile(properties):
    """Sets these properties on the current profile; answers the updated profile."""
    if not isinstance(properties, dict):
        raise TypeError("hookflow.update_profile(properties): properties must be a dict")
    return _call("sdk", "updateProfile", [properties], "hookflow.update_profile")


def get_profile():
    """Answers the current profile as the host has it now."""
    return _call("sdk", "getProfile", [], "hookflow.get_profile")


def add_to_list(list_id):
    """Adds the current profile to a static list (by id or name)."""
    return _call("sdk", "addToList", [_list_id(list_id, "add_to_list")], "hookflow.add_to_list")


def remove_from_list(list_id):
    """Removes the current profile from a static list (by id or name)."""
    return _call("sdk", "removeFromList", [_list_id(list_id, "remove_from_list")], "hookflow.remove_from_list")


def create_event(metric, properties=None, **options):
    """Records an event for the current profile. Options: time (datetime or ISO string), value, unique_id."""
    if not isinstance(metric, str) or not metric:
        raise TypeError("hookflow.create_event(metric, ...): metric must be a non-empty string")
    args = [metric, properties if properties is not None else {}]
    if options:
        args.append(options)
    return _call("sdk", "createEvent", args, "hookflow.create_event")


def _list_id(list_id, name):
    if not isinstance(list_id, str) or not list_id:
        raise TypeError(f"hookflow.{name}(list_id): list_id must be a non-empty string")
    return list_id
