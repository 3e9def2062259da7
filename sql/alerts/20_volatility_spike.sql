-- volatility_spike: a symphony still trading whose recent volatility (its last
-- alert_volatility_days returns, annualized: stddev_samp * sqrt(periods_per_year)) is above
-- alert_volatility_ratio times its volatility over the last year (its last periods_per_year
-- returns; needs a full year), or above the absolute level alert_volatility_max.
--   in_alarm   recent volatility above one of the two levels
--   value      the recent annualized volatility
--   threshold  the level it crossed (the absolute level when it crossed both), or, when not in
--              alarm, the lower of the two levels (the one it would cross first)
--   since      the first trading day of the current run of days on which the same test held
-- Rows: every symphony with a return on the snapshot's last trading day.
-- alert_volatility_days: default 21 (ALERT_VOLATILITY_DAYS); alert_volatility_ratio: default 2.0
-- (ALERT_VOLATILITY_RATIO); alert_volatility_max: annualized, default 1.0 = 100%
-- (ALERT_VOLATILITY_MAX).
set variable alert_volatility_days = coalesce(getvariable('alert_volatility_days'), 21)::integer;
set variable alert_volatility_ratio = coalesce(getvariable('alert_volatility_ratio'), 2.0)::double;
set variable alert_volatility_max = coalesce(getvariable('alert_volatility_max'), 1.0)::double;

create or replace temp view volatility_levels as
with numbered as (
    select
        symphony_id,
        date,
        daily_return,
        row_number() over by_day as n
    from daily_returns
    where daily_return is not null
    window by_day as (partition by symphony_id order by date)
),

rolled as (
    select
        symphony_id,
        date,
        n,
        stddev_samp(daily_return) over (
            partition by symphony_id order by date rows between getvariable('alert_volatility_days') - 1 preceding and current row
        ) * sqrt(getvariable('periods_per_year')) as recent,
        stddev_samp(daily_return) over (
            partition by symphony_id order by date rows between getvariable('periods_per_year') - 1 preceding and current row
        ) * sqrt(getvariable('periods_per_year')) as year
    from numbered
)

select
    symphony_id,
    date,
    recent,
    case when n >= getvariable('periods_per_year') then year end as year,
    case
        when recent > getvariable('alert_volatility_max') then getvariable('alert_volatility_max')
        when n >= getvariable('periods_per_year') and recent > getvariable('alert_volatility_ratio') * year
            then getvariable('alert_volatility_ratio') * year
    end as crossed,
    least(
        getvariable('alert_volatility_max'),
        case when n >= getvariable('periods_per_year') then getvariable('alert_volatility_ratio') * year end
    ) as lowest_level
from rolled
where n >= getvariable('alert_volatility_days');

with today as (
    select v.*
    from volatility_levels as v
    where v.date = (select max(date) from daily_returns)
)

select
    'volatility_spike' as rule,
    'symphony' as subject_kind,
    t.symphony_id as subject_id,
    y.name,
    'warning' as severity,
    t.recent as value,
    coalesce(t.crossed, t.lowest_level) as threshold,
    printf('%s: volatility over the last %d trading days is %.0f%% annualized, against %s over the last year (alert above %.0f%%)',
        y.name, getvariable('alert_volatility_days'), 100 * t.recent,
        coalesce(printf('%.0f%%', 100 * t.year), 'not yet a full year'), 100 * coalesce(t.crossed, t.lowest_level)) as message,
    s.since,
    t.crossed is not null as in_alarm
from today as t
inner join symphonies as y on y.symphony_id = t.symphony_id
left join run_start('select symphony_id as series_id, date, crossed is not null as holds from volatility_levels') as s
    on s.series_id = t.symphony_id and t.crossed is not null
