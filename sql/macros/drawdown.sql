-- drawdown(value, peak): how far below its peak a value is, the one definition every drawdown
-- uses: value / peak - 1 (0 at a high, -0.25 = 25% below).
create or replace macro drawdown(value, peak) as value / peak - 1;
