"""Test support for the JSON API: the ``lab`` plugin and the fixtures that install it."""
