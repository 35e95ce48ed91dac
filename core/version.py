"""The host's own version, which plugin manifests check with their ``core`` specifier."""

__version__ = "0.1.0"
