"""Preparing an instance: ``nhip init`` creates or upgrades it and can load demo data."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask

from core.db import db
from core.demo import DemoContext, write_credentials
from core.migrate import upgrade
from core.plugin_states import read_states, set_enabled, sync


@dataclass
class InitReport:
    """What ``init`` did, for the command line to print."""

    newly_enabled: list[str] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)
    credentials: list[tuple[str, str, str]] = field(default_factory=list)
    credentials_file: str = ""


def init_instance(app: Flask, demo: bool = False) -> InitReport:
    """Create or upgrade the schema, enable plugins seen for the first time, load demo data."""
    report = InitReport()
    host = app.extensions["nhip"]
    with app.app_context():
        upgrade(app, plugins=[])
        known = read_states()
        fresh = [n for n in host.loadable() if n not in known]
        if fresh:
            set_enabled(set(fresh), True)
        report.newly_enabled = fresh
        sync(app)
        report.applied = upgrade(app)
        if demo:
            context = DemoContext()
            context.add_user("admin@nhip.local", "Quản trị viên", ["admin", "employee"], "en")
            host.call_in_order("demo_data", demo=context)
            db.session.commit()
            report.credentials = context.credentials
            if context.credentials:
                path = write_credentials(app.config["NHIP"].instance, context.credentials)
                report.credentials_file = str(path)
    return report
