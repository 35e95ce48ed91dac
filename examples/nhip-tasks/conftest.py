"""The host's fixtures (``app``, ``client``, ``make_user``, ``login`` ...): every test runs
on SQLite and on PostgreSQL with every installed plugin enabled, this one included."""

pytest_plugins = ["core.testing"]
