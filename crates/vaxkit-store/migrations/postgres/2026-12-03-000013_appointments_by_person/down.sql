DROP INDEX appointments_beneficiary;
