"""Test set-up shared by the host's and the plugins' tests."""

pytest_plugins = ["core.testing", "core.testing_browser", "core.testing_queue", "core.testing_smtp"]
