DROP INDEX dose_counters_spread;
