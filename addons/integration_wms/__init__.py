from . import schemas
from . import models
from . import wizards
