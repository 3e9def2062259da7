-- live_today: the latest intraday reading of each account and symphony in the report's account
-- parameters: none
select * from live_today order by subject_kind, subject_id
