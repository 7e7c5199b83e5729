-- A person's appointments, whatever their status. The partial unique index on open ones
-- (status = 'booked') cannot serve a query that binds the status as a parameter under a
-- generic plan, so such look-ups scanned the whole table.
CREATE INDEX appointments_beneficiary ON appointments (beneficiary_id);
