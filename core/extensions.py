"""Flask extensions, created unbound and bound in the app factory."""

from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_wtf import CSRFProtect

babel = Babel()
bootstrap = Bootstrap5()
csrf = CSRFProtect()
