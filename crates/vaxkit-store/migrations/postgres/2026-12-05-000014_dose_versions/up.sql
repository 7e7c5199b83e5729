-- How many times each person's doses have changed (a dose recorded, revoked or corrected, to
-- or from them; their record merged); no row is no change yet. A dose checked outside its
-- transaction is written only if this is still what its check read, in the statement that
-- writes it, which updates the row: no lock and re-read of the person's doses. A row of its
-- own, narrow, so that the update does not copy the person's whole row and its indexes; no
-- foreign key, whose check would lock the person's row for every dose.
CREATE TABLE dose_versions (
    beneficiary_id BIGINT PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL
);
