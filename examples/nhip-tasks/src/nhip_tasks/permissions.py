"""The permissions this plugin declares (names are ``<plugin>.<what>``)."""

#: see the tasks one is part of (assignee, reviewer or requester)
READ = "tasks.read"
#: create tasks, work them, review colleagues' work
WRITE = "tasks.write"
#: see every task, accept one's own work, cancel tasks
MANAGE = "tasks.manage"
