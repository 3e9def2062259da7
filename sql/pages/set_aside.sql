-- set_aside: the parts of one symphony the snapshot's run set aside (its live values, backtest, backtest events,
-- versions, holdings), with the reason and the snapshot the kept rows are from
-- parameters: $symphony_id
select part, part_name, reason, history_kept, stale_since_run
from quarantined
where symphony_id = $symphony_id
order by part
