-- volatility_spike: a symphony still trading whose recent volatility (the last
-- alert_volatility_days returns, annualized: stddev_samp * sqrt(periods_per_year)) is above
-- alert_volatility_ratio times its volatility over the last year (periods_per_year returns,
-- needs a full year), or above the absolute level alert_volatility_max.
--   value      the recent annualized volatility
--   threshold  the level it crossed (ratio times the year's, or the absolute level)
-- alert_volatility_days: default 21 (ALERT_VOLATILITY_DAYS); alert_volatility_ratio: default 2.0
-- (ALERT_VOLATILITY_RATIO); alert_volatility_max: annualized, default 1.0 = 100%
-- (ALERT_VOLATILITY_MAX).
set variable alert_volatility_days = coalesce(getvariable('alert_volatility_days'), 21)::integer;
set variable alert_volatility_ratio = coalesce(getvariable('alert_volatility_ratio'), 2.0)::double;
set variable alert_volatility_max = coalesce(getvariable('alert_volatility_max'), 1.0)::double;

with ranked as (
    select
        symphony_id,
        daily_return,
        date,
        row_number() over (partition by symphony_id order by date desc) as age
    from daily_returns
    where daily_return is not null
),

levels as (
    select
        symphony_id,
        max(date) as last_day,
        count(*) filter (where age <= getvariable('periods_per_year')) as year_days,
        stddev_samp(daily_return) filter (where age <= getvariable('alert_volatility_days'))
        * sqrt(getvariable('periods_per_year')) as recent,
        stddev_samp(daily_return) filter (where age <= getvariable('periods_per_year'))
        * sqrt(getvariable('periods_per_year')) as year
    from ranked
    group by symphony_id
),

crossed as (
    select
        l.*,
        case
            when l.recent > getvariable('alert_volatility_max') then getvariable('alert_volatility_max')
            when l.year_days >= getvariable('periods_per_year') and l.recent > getvariable('alert_volatility_ratio') * l.year
                then getvariable('alert_volatility_ratio') * l.year
        end as level
    from levels as l
    where l.last_day = (select max(date) from daily_returns)
)

select
    'volatility_spike' as rule,
    'symphony' as subject_kind,
    c.symphony_id as subject_id,
    y.name,
    'warning' as severity,
    c.recent as value,
    c.level as threshold,
    printf('%s: volatility over the last %d days is %.0f%% annualized, against %.0f%% over the last year (alert above %.0f%%)',
        y.name, getvariable('alert_volatility_days'), 100 * c.recent, 100 * c.year, 100 * c.level) as message
from crossed as c
inner join symphonies as y on y.symphony_id = c.symphony_id
where c.level is not null
