DROP TABLE aefi_reports;
