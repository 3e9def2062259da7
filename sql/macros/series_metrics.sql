-- series_metrics(source): every return metric (definitions: macros/series_metrics_of_sums.sql)
-- of any set of daily series, one row per series: the whole account, the part of a symphony's
-- history since its last edit, a what-if blend. source: the text of a query whose rows are one
-- series and day, as series_sums() (macros/series_sums.sql) describes.
-- (symphony_metrics reads symphony_period_sums instead: the same sums added up from months)
create or replace macro series_metrics(source) as table
select *
from series_metrics_of_sums('select * from series_sums(''' || replace(source, '''', '''''') || ''')')
