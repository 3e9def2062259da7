-- correlations: one row per ordered pair of different symphonies.
--   correlation   Pearson correlation of their daily returns on the days both have one
--   common_days   how many such days; NULL correlation with fewer than 2 (or zero variance)
-- Filter on symphony_a / symphony_b: the full matrix of a large account is large.
create or replace view correlations as
select
    a.symphony_id as symphony_a,
    b.symphony_id as symphony_b,
    case when count(*) >= 2 then corr(a.daily_return, b.daily_return) end as correlation,
    count(*) as common_days
from returns_in_range as a
inner join returns_in_range as b
    on a.date = b.date and a.symphony_id <> b.symphony_id
where a.daily_return is not null and b.daily_return is not null
group by all
