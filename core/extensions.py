"""Flask extensions, created unbound and bound in the app factory.

Flask-Babel is the exception: it caches loaded catalogs on its object, so each application
gets its own (``core.app.create_app``), and applications with other plugins never share them.
"""

from flask_bootstrap import Bootstrap5
from flask_wtf import CSRFProtect

bootstrap = Bootstrap5()
csrf = CSRFProtect()
