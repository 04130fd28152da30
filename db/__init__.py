"""The shared SQL store: engine, models, migrations, reads (queries) and writes (services)."""
