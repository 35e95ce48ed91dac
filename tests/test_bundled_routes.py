"""The bundled plugins pass ``check_routes`` (Nhịp's pytest plugin): every route, asked by
every role and an anonymous visitor with ids of real records, answers as its access marker
says, never with a server error, and refuses form POSTs without their CSRF token."""

import pytest

BUNDLED = ("hr", "crm", "orders", "sla")


@pytest.mark.parametrize("plugin", BUNDLED)
def test_every_route_of_a_bundled_plugin(check_routes, plugin):
    report = check_routes(plugin)
    assert report.routes and report.skipped == []
    assert any(route.method == "POST" for route in report.routes)
