-- daily_risk_free_rate(): the one conversion of the annual rate to a trading day's,
-- (1 + risk_free_rate)^(1 / periods_per_year) - 1 (series_metrics and rolling_metrics read it).
create or replace macro daily_risk_free_rate() as
    power(1 + getvariable('risk_free_rate'), 1 / getvariable('periods_per_year')::double) - 1;
