-- symphony_order: every symphony of the snapshot in the order it went live (then by id): the order
-- the charts hand out colours in, so a symphony keeps its colour across pages, periods and new
-- snapshots (a new symphony comes last)
-- parameters: none
select y.symphony_id
from symphonies as y
left join symphony_lives as l on l.symphony_id = y.symphony_id
order by l.inception_date nulls last, y.symphony_id
