"""The shared SQL store: engine, models, migrations, reads (queries) and writes (services).

``db.facts`` is imported with the package: its listener keeps the derived SLA facts in step with
every ORM write of a complaint, whichever module writes it.
"""

from db import facts as facts
