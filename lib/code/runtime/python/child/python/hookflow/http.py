"""HTTP from a code function: the only way out. Requests go through the host's guarded fetch
(SSRF guard, timeouts, size and count limits); the runner process itself has no network."""

import json as _json

from ._bridge import call as _call


class Response:
    def __init__(self, answer):
        self.status = answer["status"]
        self.status_code = self.status
        self.reason = answer.get("statusText", "")
        self.headers = dict(answer.get("headers") or {})
        self.text = answer.get("body", "")

    @property
    def ok(self):
        return 200 <= self.status < 300

    @property
    def content(self):
        return self.text.encode("utf-8")

    def json(self):
        return _json.loads(self.text)

    def raise_for_status(self):
        if not self.ok:
            raise HttpError(f"HTTP {self.status} {self.reason}".strip(), self)

    def __repr__(self):
        return f"<Response [{self.status}]>"


class HttpError(Exception):
    def __init__(self, message, response):
        super().__init__(message)
        self.response = response


def request(method, url, headers=None, body=None, json=None):
    """Sends one request; answers a Response (status, headers, text, json())."""
    if not isinstance(url, str) or not url:
        raise TypeError("hookflow.http.request(method, url, ...): url must be a non-empty string")
    header_map = {str(k): str(v) for k, v in (headers or {}).items()}
    if json is not None:
        body = _json.dumps(json)
        if not any(k.lower() == "content-type" for k in header_map):
            header_map["content-type"] = "application/json"
    if isinstance(body, (bytes, bytearray)):
        body = bytes(body).decode("utf-8")
    if body is not None and not isinstance(body, str):
        raise TypeError("hookflow.http.request: body must be str or bytes (or pass json=...)")
    fetch_request = {"url": url, "method": str(method).upper(), "headers": header_map, "body": body}
    return _call("fetch", "fetch", fetch_request, "hookflow.http.request", Response)


def get(url, headers=None):
    return request("GET", url, headers=headers)


def post(url, headers=None, body=None, json=None):
    return request("POST", url, headers=headers, body=body, json=json)


def put(url, headers=None, body=None, json=None):
    return request("PUT", url, headers=headers, body=body, json=json)


def patch(url, headers=None, body=None, json=None):
    return request("PATCH", url, headers=headers, body=body, json=json)


def delete(url, headers=None):
    return request("DELETE", url, headers=headers)
