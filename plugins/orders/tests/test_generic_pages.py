"""The shell's generic list and record pages serve the orders' entity types."""

from __future__ import annotations

from plugins.orders.tests.support import purchase_in, sales_order_in


def test_list_and_record_pages_render(app, client, login, make_user, shop):
    admin = make_user("admin@example.com", ["admin"])
    with app.app_context():
        order = sales_order_in(shop, "picking")
        number, order_id = order.number, order.id
        purchase_id = purchase_in(shop, "sent").id
    login(client, admin)
    for url in (
        "/r/orders.sales_order/",
        f"/r/orders.sales_order/{order_id}",
        "/r/orders.product/",
        f"/r/orders.product/{shop.rice}",
        "/r/orders.purchase_order/",
        f"/r/orders.purchase_order/{purchase_id}",
    ):
        answer = client.get(url)
        assert answer.status_code == 200, url
    page = client.get(f"/r/orders.sales_order/{order_id}").get_data(as_text=True)
    assert number in page
    assert "/orders/sales/new" in client.get("/r/orders.sales_order/").get_data(as_text=True)


def test_the_menu_has_an_orders_section(app, client, login, shop):
    login(client, shop.picker)
    html = client.get("/").get_data(as_text=True)
    assert 'href="/orders/warehouse"' in html
    assert 'href="/orders/sales/new"' not in html  # the warehouse does not take orders
    login(client, shop.seller)
    html = client.get("/").get_data(as_text=True)
    assert 'href="/orders/sales/new"' in html
    assert 'href="/orders/warehouse"' not in html
