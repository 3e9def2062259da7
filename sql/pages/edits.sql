-- edits: edits during live trading: versions saved after the first live day (the first version is the creation), inside the report period
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select created_at from symphony_versions
where symphony_id = $symphony_id and created_at::date > (select min(date) from daily_returns where symphony_id = $symphony_id)
  and created_at::date between (select first_day from report_period) and (select last_day from report_period)
order by created_at
