"""客户分层 Loyalty: tier mix against the seed-001 plan, overdue buckets with M3+ split (seed 003),
tier migration, 30-day recovery, complaint rate by tier and the programme KPIs, from monthly snapshots."""

import streamlit as st

from components import loyalty_view as view
from components.filters import current_filters
from components.i18n import t
from db.clock import now
from db.queries import loyalty as q
from db.queries import reference
from domain.loyalty import month_start

f = current_filters()
st.title(t("loyalty.title"))
totals = q.tier_months(f)
if totals.empty:
    st.info(t("loyalty.empty"))
    st.stop()

months = sorted(totals["month"].unique())
st.caption(t("loyalty.caption", first=view.month_label(months[0]), last=view.month_label(months[-1]), n=len(months)))
view.filters_note(f)
month = view.month_picker(months, open_month=month_start(now().date()))

kpis = q.kpi_months(f)
checks = q.programme_checks(kpis, month)
view.programme_cards(checks, month, months[0])
view.kpi_table(kpis)

view.tier_mix(totals, month)
cell = view.segments(q.tier_segments(f, month), month)
if cell is not None:
    view.drill_table(q.segment_customers(f, month, *cell), cell, reference.cities(), q.DRILL_LIMIT)
view.migration(q.tier_transitions(f, tuple(months)), month)
view.recovery(totals, checks["recovery"].target, now().date())
view.complaint_rate(q.complaints_by_tier(f, month), f, month)
