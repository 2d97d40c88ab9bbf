-- Sources for the network reliability tests (created with plain JDBC):
-- a large answer (:items items of about 1.3 KB each; 8,000 make about 10 MB of JSON), a view that holds its
-- connection for a while, and a table the chaos run writes to.
CREATE TABLE tb_item (id bigint PRIMARY KEY, name text NOT NULL, payload text NOT NULL);
INSERT INTO tb_item
SELECT n, 'item ' || n, repeat(md5(n::text), 40) FROM generate_series(1, :items) AS n;
CREATE VIEW v_item AS
SELECT id, jsonb_build_object('id', id, 'name', name, 'payload', payload) AS data FROM tb_item;

-- one row, after holding the connection for 3 s
CREATE VIEW v_hold AS
SELECT s.id, jsonb_build_object('id', s.id) AS data FROM (SELECT 1::bigint AS id, pg_sleep(3) AS slept) s;

CREATE TABLE tb_note (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL CONSTRAINT tb_note_key_key UNIQUE,
  body text NOT NULL
);
CREATE VIEW v_note AS
SELECT id, key, jsonb_build_object('id', id, 'key', key, 'body', body) AS data FROM tb_note;
