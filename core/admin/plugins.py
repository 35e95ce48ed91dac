"""The plugins page: every discovered plugin, its state and requirements; enable and disable.

Enabling also enables what the plugin requires (and says which); disabling a plugin that
enabled plugins require is refused naming them, with the choice to disable them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.admin import bp
from core.auth import requires
from core.errors import NhipError, NotFound
from core.plugin_states import disable, enable, read_enabled, read_states
from core.resolve import dependents


@dataclass(frozen=True)
class Refusal:
    """A disable that was refused because enabled plugins need ``name``."""

    name: str
    needed_by: list[str]


@bp.get("/plugins")
@requires("core.admin")
def plugins():
    """The table of plugins."""
    return render_plugins()


@bp.post("/plugins/<name>/enable")
@requires("core.admin")
def enable_plugin(name: str):
    """Enable ``name`` and what it requires, then apply their migrations."""
    host = current_app.extensions["nhip"]
    _known(name)
    if name in host.load_errors:
        flash(
            _(
                "%(name)s cannot be enabled because of an error: %(reason)s",
                name=name,
                reason=host.load_errors[name],
            ),
            "danger",
        )
        return redirect(url_for("admin.plugins"))
    try:
        outcome = enable(current_app._get_current_object(), name)
    except NhipError as exc:
        flash(_("%(name)s cannot be enabled: %(reason)s", name=name, reason=exc.message), "danger")
        return redirect(url_for("admin.plugins"))
    extra = [n for n in outcome.changed if n != name]
    if not outcome.changed:
        flash(_("%(name)s was already enabled.", name=name), "info")
    elif extra:
        flash(
            _(
                "Enabled %(name)s and the plugins it requires: %(names)s.",
                name=name,
                names=", ".join(extra),
            ),
            "success",
        )
    else:
        flash(_("Enabled %(name)s.", name=name), "success")
    return redirect(url_for("admin.plugins"))


@bp.post("/plugins/<name>/disable")
@requires("core.admin")
def disable_plugin(name: str):
    """Disable ``name``; with ``cascade=1`` also the enabled plugins that require it."""
    _known(name)
    cascade = request.form.get("cascade") == "1"
    needed_by = enabled_dependents(name)
    if needed_by and not cascade:
        return render_plugins(Refusal(name, needed_by), status=409)
    outcome = disable(current_app._get_current_object(), name, cascade=cascade)
    if outcome.changed:
        flash(
            _(
                "Disabled %(names)s. Their data is kept.",
                names=", ".join(outcome.changed),
            ),
            "success",
        )
    else:
        flash(_("%(name)s was already disabled.", name=name), "info")
    return redirect(url_for("admin.plugins"))


def enabled_dependents(name: str) -> list[str]:
    """The enabled plugins that require ``name``, directly or through others."""
    host = current_app.extensions["nhip"]
    manifests = {n: d.manifest for n, d in host.discovered.items() if d.manifest}
    enabled = read_enabled()
    return [n for n in dependents(name, manifests) if n in enabled]


def render_plugins(refusal: Refusal | None = None, status: int = 200):
    """The plugins page, optionally with a refused disable to explain."""
    host = current_app.extensions["nhip"]
    states = read_states()
    infos = host.infos({n: s.installed_version for n, s in states.items()})
    switched_on = {n for n, s in states.items() if s.enabled}
    states_by_name = {info.name: info.state for info in infos}
    return render_template(
        "admin/plugins.html",
        infos=infos,
        switched_on=switched_on,
        states_by_name=states_by_name,
        load_errors=host.load_errors,
        refusal=refusal,
    ), status


def _known(name: str) -> None:
    if name not in current_app.extensions["nhip"].discovered:
        raise NotFound(_("There is no plugin named %(name)s.", name=name))
