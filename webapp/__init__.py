"""The web app: HTML pages and a JSON API over a read-only action index.

``create_app(config)`` builds a Flask app. ``config`` holds either ``INDEX_DIR`` (a data
directory the search index was built in) or ``INDEX`` (an object with the index's methods, as
the tests pass), and optional limits. Settings come from one place, ``app.config``: the
``DEFAULTS`` below, then ``ACTIONPLANS_<NAME>`` environment variables (read as JSON when they
parse, as Flask's ``from_prefixed_env`` does), then ``config``. Every error becomes a
friendly page or a JSON error; no debug page or stack trace is ever shown.
"""

from __future__ import annotations

import html
import logging
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import orjson
from flask import (
    Flask,
    Response,
    abort,
    jsonify,
    render_template,
    request,
    send_from_directory,
)
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp import formatting, integrations, params, review, serialize
from webapp.api import api
from webapp.backend import Backend
from webapp.pages import pages

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
GOVUK_ASSETS = STATIC_DIR / "govuk" / "assets"

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

ENV_PREFIX = "ACTIONPLANS"
DEFAULTS: dict[str, Any] = {
    "MAX_QUERY_CHARS": params.MAX_QUERY_CHARS,
    "MAX_PER_PAGE": params.MAX_PER_PAGE,
    "EXPORT_LIMIT": 5000,
    "SERVICE_NAME": "Probation action plans",
    "MAX_CONTENT_LENGTH": 16 * 1024,
}


# Dates and dataclasses as Flask writes them (its ``default``); keys that are not strings kept.
ORJSON_OPTIONS = (orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
                  | orjson.OPT_PASSTHROUGH_DATACLASS)


class HtmlSafeJSONProvider(DefaultJSONProvider):
    """JSON with ``<``, ``>`` and ``&`` written as ``\\u`` escapes, so that no response body
    holds markup even if a client mistakes it for HTML. (They only occur inside strings.)

    Encoded by orjson (UTF-8, compact): the standard library's encoder was a tenth of a search
    request's time. Indented output (debug) and what orjson cannot encode go through Flask's.
    """

    sort_keys = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs.get("indent") is None:
            return self.dumps_utf8(obj, **kwargs).decode()
        return _html_safe(super().dumps(obj, **kwargs))

    def dumps_utf8(self, obj: Any, newline: bool = False, **kwargs: Any) -> bytes:
        """``dumps(obj)`` (compact) as UTF-8 bytes, with ``\\n`` appended if ``newline``: the
        body of a JSON response without decoding orjson's bytes and encoding them again.
        (``<``, ``>`` and ``&`` are never part of a longer UTF-8 sequence, so replacing their
        bytes is replacing the characters.)"""
        try:
            raw = orjson.dumps(obj, default=self.default, option=ORJSON_OPTIONS | (
                orjson.OPT_APPEND_NEWLINE if newline else 0))
        except TypeError:  # e.g. an integer beyond 64 bits
            text = _html_safe(super().dumps(obj, **kwargs))
            return (text + "\n" if newline else text).encode()
        return raw.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


def _html_safe(text: str) -> str:
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class ActionPlansApp(Flask):
    json_provider_class = HtmlSafeJSONProvider


def _open_backend(config: dict[str, Any]) -> Backend:
    if config.get("BACKEND") is not None:
        return config["BACKEND"]
    data_dir = Path(config["INDEX_DIR"]) if config.get("INDEX_DIR") else None
    index = config.get("INDEX")
    if index is None:
        if data_dir is None:
            raise ValueError("create_app needs INDEX_DIR (an index directory) or INDEX")
        index = integrations.open_index(data_dir)
    return Backend(index, data_dir=data_dir)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The Flask app over the index named in ``config`` (see the module docstring)."""
    config = dict(config or {})
    app = ActionPlansApp(__name__, static_folder="static", template_folder="templates")
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env(ENV_PREFIX)
    app.config.update({k: v for k, v in config.items() if k not in ("INDEX", "BACKEND")})
    app.config["DEBUG"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    # "/api/actions/%2F%2F" must be a JSON 404, not a 308 redirect to a merged path.
    app.url_map.merge_slashes = False
    config = {**app.config, **config}
    backend = _open_backend(config)
    app.extensions["actionplans"] = backend
    if config.get("WARM_UP", config.get("INDEX_DIR") is not None and "BACKEND" not in config):
        threading.Thread(target=backend.warm_up, name="warm-up", daemon=True).start()

    formatting.register(app)

    app.register_blueprint(pages)
    app.register_blueprint(api, url_prefix="/api")
    review.register(app, backend.data_dir)

    @app.get("/assets/<path:filename>")
    def govuk_assets(filename: str):
        """GOV.UK Frontend's CSS refers to its fonts and images under ``/assets``."""
        if not GOVUK_ASSETS.is_dir():
            abort(404)
        return send_from_directory(GOVUK_ASSETS, filename, max_age=86400)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if _is_api() and response.is_json is False and 300 <= response.status_code < 400:
            # Werkzeug's routing redirects carry an HTML body; an API client gets JSON.
            response.set_data(app.json.dumps({
                "status": response.status_code, "error": "Redirect",
                "message": f"see {response.headers.get('Location', '')}"}))
            response.mimetype = "application/json"
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _error_response(exc.code or 500, exc.name, exc.description)

    @app.errorhandler(params.BadRequest)
    def bad_parameter(exc: params.BadRequest):
        return _error_response(400, "Bad Request", str(exc))

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        log.exception("unhandled error on %s", request.path)
        return _error_response(500, InternalServerError().name,
                               "Something went wrong on our side. Please try again later.")

    app.wsgi_app = JsonSearchPath(app, app.wsgi_app)  # type: ignore[method-assign]
    return app


class JsonSearchPath:
    """``GET /api/search`` answered without Flask's per-request machinery (request and app
    contexts, URL matching, response object, hooks): a fifth of a warm search's CPU under load.

    Only a search that succeeds is answered here, with the same body (``search_json`` through
    the app's JSON provider) and headers as the Flask view; anything else (another path or
    method, a bad parameter, an error while searching) goes to Flask, so every error still
    renders through the app's one error handler.
    """

    PATH = "/api/search"

    def __init__(self, app: Flask, wsgi_app: Any) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.headers = list(SECURITY_HEADERS.items())

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") != self.PATH:
            return self.wsgi_app(environ, start_response)
        app = self.app
        try:
            wanted = params.parse_search(query_args(environ),
                                         max_query_chars=app.config["MAX_QUERY_CHARS"],
                                         max_per_page=app.config["MAX_PER_PAGE"])
            result = backend_of(app).search(wanted)
            body = app.json.dumps_utf8(serialize.search_json(result), newline=True)
        except Exception:  # noqa: BLE001 - Flask answers it again, through the error handler
            return self.wsgi_app(environ, start_response)
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body))), *self.headers])
        return [body]


def query_args(environ: dict[str, Any]) -> dict[str, str]:
    """The URL parameters as ``request.args`` reads them (werkzeug's own ``parse_qsl`` call:
    undecodable bytes stay percent-encoded), the first value of a repeated name, without
    building a request object."""
    pairs = parse_qsl(environ.get("QUERY_STRING", "").encode("latin1").decode(),
                      keep_blank_values=True, errors="werkzeug.url_quote")
    args: dict[str, str] = {}
    for name, value in pairs:
        args.setdefault(name, value)
    return args


def _is_api() -> bool:
    return request.path.startswith("/api/") or request.path == "/api"


# The last resort when the error page itself cannot be rendered (a broken template or index).
_PLAIN_ERROR = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<title>{title}</title></head><body><h1>{title}</h1><p>{message}</p>"
                "<p><a href=\"/\">Start a new search</a></p></body></html>\n")


def _error_response(status: int, title: str, message: str | None):
    """A JSON error under ``/api``, a friendly page elsewhere (never Flask's own text)."""
    message = message or title
    if _is_api():
        response = jsonify({"status": status, "error": title, "message": message})
        response.status_code = status
        return response
    try:
        return render_template("error.html", status=status, title=title, message=message), status
    except Exception:  # noqa: BLE001 - the error path must not fail in turn
        log.exception("the error page could not be rendered")
        body = _PLAIN_ERROR.format(title=html.escape(title), message=html.escape(message))
        return Response(body, status=status, mimetype="text/html")


def backend_of(app: Flask) -> Backend:
    """The app's :class:`~webapp.backend.Backend`."""
    return app.extensions["actionplans"]
