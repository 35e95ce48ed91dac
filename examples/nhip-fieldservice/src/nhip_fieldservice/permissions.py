"""The permissions this plugin declares (names are ``<plugin>.<what>`` by convention)."""

READ = "fieldservice.read"
WRITE = "fieldservice.write"
DISPATCH = "fieldservice.dispatch"
