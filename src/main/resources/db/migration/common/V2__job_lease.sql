-- Leases for jobs that one instance at a time may run (the retention purge), decided by the
-- database that all instances share: whoever moves expires_at forward holds the job until then.
CREATE TABLE job_lease (
    name       VARCHAR(32) NOT NULL PRIMARY KEY,
    holder     VARCHAR(64) NOT NULL,
    expires_at BIGINT      NOT NULL
) ${options};

INSERT INTO job_lease (name, holder, expires_at) VALUES ('retention', 'nobody', 0);
