-- behind_backtest: a symphony still trading whose live growth since its last edit (or since it
-- went live, if never edited live) trails its backtest's growth over the same days by more than
-- alert_backtest_gap, and by more than noise. Measured by backtest_drift (the "Live vs backtest"
-- line of the strategy page), on the days with both a live and a backtest return after the base:
--   growth gap  (1 + live return) / (1 + backtest return) - 1: where live's growth ended relative to
--               the backtest's, a fraction of it (scale-free: a symphony up 634% against a
--               backtest's 646% is 1.6% behind, not 12 points)
--   t           the Newey-West t-statistic of the mean daily gap (backtest_drift.hac_t_stat)
--   in_alarm   at least alert_backtest_min_days such days, growth gap below -alert_backtest_gap,
--              and t below -z, z the two-sided drift_confidence quantile (1.96 at 95%: the
--              strategy page's "drifting") so a gap that is noise never fires
--   value      the growth gap
--   threshold  -alert_backtest_gap
--   since      the first day of the current run of days on which the growth gap so far (from the
--              same base) was below -alert_backtest_gap, with at least alert_backtest_min_days days
-- Rows: every symphony with a live and a backtest return on the snapshot's last trading day.
-- alert_backtest_gap: a fraction of the backtest's growth, default 0.10 (ALERT_BACKTEST_GAP);
-- alert_backtest_min_days: trading days, default 63 (ALERT_BACKTEST_MIN_DAYS).
set variable alert_backtest_gap = coalesce(getvariable('alert_backtest_gap'), 0.10)::double;
set variable alert_backtest_min_days = coalesce(getvariable('alert_backtest_min_days'), 63)::integer;

with checked as (
    select
        d.*,
        y.name,
        d.days >= getvariable('alert_backtest_min_days')
        and d.growth_gap < -getvariable('alert_backtest_gap')
        and d.hac_t_stat < -normal_quantile((1 + getvariable('drift_confidence')) / 2) as in_alarm
    from backtest_drift as d
    inner join symphonies as y on y.symphony_id = d.symphony_id
    where d.last_day = (select max(date) from daily_returns)
)

select
    'behind_backtest' as rule,
    'symphony' as subject_kind,
    c.symphony_id as subject_id,
    c.name,
    'warning' as severity,
    c.growth_gap as value,
    -getvariable('alert_backtest_gap') as threshold,
    printf('%s: live growth is %.1f%% %s its backtest''s over the same %d trading days since %s (x%.2f live against x%.2f); %s (alert when over %.0f%% behind and significant, from %d days)',
        c.name, 100 * abs(c.growth_gap), case when c.growth_gap < 0 then 'behind' else 'ahead of' end, c.days,
        strftime(c.first_day, '%Y-%m-%d'), 1 + c.live_return, 1 + c.backtest_return,
        case
            when c.hac_t_stat is null then 'no test yet'
            when abs(c.hac_t_stat) > normal_quantile((1 + getvariable('drift_confidence')) / 2)
                then printf('a significant drift (t = %.2f, Newey-West)', c.hac_t_stat)
            else printf('within noise (t = %.2f, Newey-West)', c.hac_t_stat)
        end,
        100 * getvariable('alert_backtest_gap'), getvariable('alert_backtest_min_days')) as message,
    s.since,
    coalesce(c.in_alarm, false) as in_alarm
from checked as c
left join run_start('
    select series_id, date, k >= getvariable(''alert_backtest_min_days'') and gap < -getvariable(''alert_backtest_gap'') as holds
    from (
        select
            s.series_id,
            s.date,
            row_number() over by_day as k,
            exp(sum(ln(1 + s.daily_return) - ln(1 + b.backtest_return)) over by_day) - 1 as gap
        from symphony_returns_since_edit as s
        inner join backtest_returns as b on b.symphony_id = s.series_id and b.date = s.date
        where s.daily_return is not null and b.backtest_return is not null
        window by_day as (partition by s.series_id order by s.date)
    )') as s on s.series_id = c.symphony_id and c.in_alarm
