"""Drawing only: charts, KPI cards, the filter bar, tables, i18n. Never touches the database directly."""
