-- Extra sources for the server tests, next to the demo blog: a view that shows a session
-- setting, a slow view, and a table-view large enough to stream (50,000 rows, ~13 MB).
CREATE VIEW v_whoami AS
SELECT 1::bigint AS id,
       -- a setting once set on a pooled connection reads '' afterwards: NULLIF makes it null again
       jsonb_build_object('id', 1, 'tenant', NULLIF(current_setting('app.tenant_id', true), '')) AS data;

-- one row, one pg_sleep call whatever the plan
CREATE VIEW v_slow AS
SELECT s.id, jsonb_build_object('id', s.id, 'email', 'slow@example.com') AS data
FROM (SELECT 1::bigint AS id, pg_sleep(0.6) AS slept) s;

CREATE TABLE tv_big (id bigint PRIMARY KEY, data jsonb NOT NULL);
INSERT INTO tv_big
SELECT n, jsonb_build_object('id', n, 'name', 'row ' || n, 'payload', repeat('x', 200))
FROM generate_series(1, 50000) AS n;
