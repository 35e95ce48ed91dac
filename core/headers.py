"""Security headers on every response, and a development server that names no version.

Every answer (pages, API, files, errors) carries:

- ``Content-Security-Policy``: scripts, styles, fonts, images and form targets from this site
  only, no inline script (behaviour lives in static files: ``core/ui/static/nhip.js`` wires
  ``data-nhip-*`` attributes), no plugins, no framing (``frame-ancestors 'none'``); inline style
  attributes are allowed (templates size bars and columns with them);
- ``X-Frame-Options: DENY`` (older browsers), ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: same-origin``, a restrictive ``Permissions-Policy``;
- ``Strict-Transport-Security`` when cookies are HTTPS-only (``NHIP_SECURE_COOKIES``).

A plugin view may set its own ``Content-Security-Policy``: it is kept.
"""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.serving import WSGIRequestHandler

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000"


def init_app(app: Flask) -> None:
    """Add the headers to every response of ``app``."""
    secure = app.config["NHIP"].secure_cookies

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response


class QuietRequestHandler(WSGIRequestHandler):
    """The development server's handler, answering ``Server: Nhịp`` without any version
    (gunicorn already sends ``Server: gunicorn`` alone)."""

    def version_string(self) -> str:
        return "Nhip"
