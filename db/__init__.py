"""The shared SQL store: engine, models, migrations, reads (queries) and writes (services).

``db.facts`` and ``db.text_index`` are imported with the package: their listeners keep the derived
SLA facts and text facts in step with every ORM write of a complaint, whichever module writes it.
"""

from db import facts as facts
from db import text_index as text_index
