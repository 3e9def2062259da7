-- combined_sums(sums): an aggregate over return_sums() structs of one series' consecutive,
-- non-overlapping spans of days: the return_sums() of all their days together (counts and sums
-- add, growth multiplies, extremes take the extreme, the last day's fields come from the latest
-- span). 207_macro_return_sums.sql defines the fields.
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
