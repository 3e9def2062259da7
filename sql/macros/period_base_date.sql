-- period_base_date(day, first_day): an aggregate over one series' days: the day a report period
-- starting on first_day measures from: the last day before it (the close the first return starts
-- from), or the series' first day when it started inside the period. returns_in_range and
-- account_cash_flows both start their periods here.
create or replace macro period_base_date(day, first_day) as
coalesce(max(day) filter (where day < first_day), min(day));
