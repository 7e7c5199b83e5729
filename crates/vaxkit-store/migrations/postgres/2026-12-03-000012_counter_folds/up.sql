-- Days whose counters are still spread over facilities and shards, found without a scan
-- (closed days are folded into one row per report key: facility 0, shard 0).
CREATE INDEX dose_counters_spread ON dose_counters (day) WHERE facility_id <> 0 OR shard <> 0;
