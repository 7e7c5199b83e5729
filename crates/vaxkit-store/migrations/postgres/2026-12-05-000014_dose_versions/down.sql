DROP TABLE dose_versions;
