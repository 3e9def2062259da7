-- return_sums(r, b, shift, benchmark_shift, pnl, day, running_drawdown, underwater_days): an
-- aggregate over one series' days: every sum its return metrics are made of, as one struct
-- (series_metrics_of_sums() turns them into the metrics). Sums of consecutive spans of days add up
-- (combined_sums(), below), so a period's sums can be read from monthly_sums
-- and the days at its two ends instead of from every day (symphony_period_sums).
-- Per day: r the return (NULL on a series' first or base day), b the benchmark's return, pnl, day;
-- shift and benchmark_shift: constants of the series close to its mean return and the
-- benchmark's, the point the powers are summed about so that they do not cancel; running_drawdown
-- and underwater_days: the series' drawdown and days under water since its first day
-- (daily_returns), NULL when not known.
--   first_return_date, last_date  the first day with a return, the last day
--   n                    number of returns
--   shift, benchmark_shift  the constants above (one per series)
--   shifted_1 .. _4      sum((r - shift)^k) for k = 1 .. 4
--   growth               product(1 + r)
--   downside_squares     sum(min(r - daily_risk_free_rate(), 0)^2)
--   up_days, moving_days days with r > 0, with r <> 0
--   pnl                  sum(pnl)
--   paired_days          days with both r and b; over them:
--   paired_shifted       sum(r - shift)
--   benchmark_shifted, benchmark_squares  sum(b - benchmark_shift), sum((b - benchmark_shift)^2)
--   cross_products       sum((r - shift) * (b - benchmark_shift))
--   best_day, worst_day  max(r), min(r)
--   last_return_date     the last day with a return; last_day_return, last_day_pnl its r and pnl
--   deepest_drawdown, longest_underwater  min(running_drawdown), max(underwater_days)
--   last_drawdown        running_drawdown on the last day
create or replace macro return_sums(r, b, shift, benchmark_shift, pnl, day, running_drawdown, underwater_days) as {
    'first_return_date': min(day) filter (where r is not null),
    'last_date': max(day),
    'n': count(r),
    'shift': any_value(shift),
    'benchmark_shift': any_value(benchmark_shift),
    'shifted_1': sum(r - shift),
    'shifted_2': sum((r - shift) ^ 2),
    'shifted_3': sum((r - shift) ^ 3),
    'shifted_4': sum((r - shift) ^ 4),
    'growth': product(1 + r),
    'downside_squares': sum(least(r - daily_risk_free_rate(), 0) ^ 2) filter (where r is not null),
    'up_days': count(*) filter (where r > 0),
    'moving_days': count(*) filter (where r <> 0),
    'pnl': sum(pnl),
    'paired_days': count(*) filter (where r is not null and b is not null),
    'paired_shifted': sum(r - shift) filter (where b is not null),
    'benchmark_shifted': sum(b - benchmark_shift) filter (where r is not null),
    'benchmark_squares': sum((b - benchmark_shift) ^ 2) filter (where r is not null),
    'cross_products': sum((r - shift) * (b - benchmark_shift)),
    'best_day': max(r),
    'worst_day': min(r),
    'last_return_date': max(day) filter (where r is not null),
    'last_day_return': arg_max(r, day) filter (where r is not null),
    'last_day_pnl': arg_max(pnl, day) filter (where r is not null),
    'deepest_drawdown': min(running_drawdown),
    'longest_underwater': max(underwater_days),
    'last_drawdown': arg_max(running_drawdown, day)
};

-- combined_sums(sums): an aggregate over return_sums() structs of one series' consecutive,
-- non-overlapping spans of days: the return_sums() of all their days together (counts and sums
-- add, growth multiplies, extremes take the extreme, the last day's fields come from the latest
-- span). return_sums() above defines the fields; a new field goes into both.
create or replace macro combined_sums(sums) as {
    'first_return_date': min(sums.first_return_date),
    'last_date': max(sums.last_date),
    'n': sum(sums.n)::bigint,
    'shift': any_value(sums.shift),
    'benchmark_shift': any_value(sums.benchmark_shift),
    'shifted_1': sum(sums.shifted_1),
    'shifted_2': sum(sums.shifted_2),
    'shifted_3': sum(sums.shifted_3),
    'shifted_4': sum(sums.shifted_4),
    'growth': product(sums.growth),
    'downside_squares': sum(sums.downside_squares),
    'up_days': sum(sums.up_days)::bigint,
    'moving_days': sum(sums.moving_days)::bigint,
    'pnl': sum(sums.pnl),
    'paired_days': sum(sums.paired_days)::bigint,
    'paired_shifted': sum(sums.paired_shifted),
    'benchmark_shifted': sum(sums.benchmark_shifted),
    'benchmark_squares': sum(sums.benchmark_squares),
    'cross_products': sum(sums.cross_products),
    'best_day': max(sums.best_day),
    'worst_day': min(sums.worst_day),
    'last_return_date': max(sums.last_return_date),
    'last_day_return': arg_max(sums.last_day_return, sums.last_return_date),
    'last_day_pnl': arg_max(sums.last_day_pnl, sums.last_return_date),
    'deepest_drawdown': min(sums.deepest_drawdown),
    'longest_underwater': max(sums.longest_underwater),
    'last_drawdown': arg_max(sums.last_drawdown, sums.last_date)
};
