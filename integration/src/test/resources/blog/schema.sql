-- Fixtures for the end-to-end tests: a small blog with hybrid views (flat columns + data jsonb)
-- and a table-view (tv_item) that has only id and data, so filters go through the JSONB path.
CREATE TABLE tb_user (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  full_name text,
  age int,
  score numeric,
  active boolean,
  created_at timestamptz NOT NULL,
  role text,
  tags text[],
  tenant text
);
CREATE TABLE tb_post (
  id uuid PRIMARY KEY,
  author_id uuid REFERENCES tb_user(id),
  title text NOT NULL,
  price numeric,
  published boolean,
  created_at timestamptz
);
CREATE INDEX tb_post_created_at_id ON tb_post (created_at, id);

CREATE VIEW v_user AS
SELECT u.id, u.email, u.age, u.created_at, u.tenant, u.tags,
       jsonb_strip_nulls(jsonb_build_object(
         'id', u.id, 'email', u.email, 'full_name', u.full_name, 'age', u.age, 'score', u.score,
         'active', u.active, 'created_at', u.created_at, 'role', u.role, 'tags', to_jsonb(u.tags),
         'posts', COALESCE((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'title', p.title) ORDER BY p.id)
                            FROM tb_post p WHERE p.author_id = u.id), '[]'::jsonb))) AS data
FROM tb_user u;

CREATE VIEW v_active_user AS SELECT * FROM v_user WHERE (data->>'active')::boolean;

CREATE VIEW v_tenant_user AS
SELECT * FROM v_user WHERE tenant = current_setting('app.tenant_id', true);

CREATE VIEW v_post AS
SELECT p.id, p.author_id, p.published, p.created_at,
       jsonb_build_object(
         'id', p.id, 'title', p.title, 'price', p.price, 'published', p.published,
         'created_at', p.created_at,
         'author', (SELECT jsonb_build_object('id', u.id, 'full_name', u.full_name, 'email', u.email)
                    FROM tb_user u WHERE u.id = p.author_id)) AS data
FROM tb_post p;

CREATE TABLE tv_item (id text PRIMARY KEY, data jsonb NOT NULL);

CREATE VIEW v_broken AS SELECT id, jsonb_build_object('id', id, 'n', 1 / (age - age)) AS data FROM tb_user;
CREATE VIEW v_slow AS SELECT id, data FROM v_user WHERE pg_sleep(0.2) IS NOT NULL;

INSERT INTO tb_user VALUES
 ('00000000-0000-0000-0000-000000000001', 'ann@example.com', 'Ann Lee', 30, 10.5, true, '2026-01-01T10:00:00Z', 'ADMIN', '{a,b}', 't1'),
 ('00000000-0000-0000-0000-000000000002', 'bob@example.com', 'Bob "The Builder" O''Neil', 9, 9, false, '2026-01-02T10:00:00Z', 'MEMBER', '{}', 't2'),
 ('00000000-0000-0000-0000-000000000003', 'cy@example.com', NULL, 100, 100.25, true, '2026-01-03T10:00:00Z', 'MEMBER', NULL, 't1'),
 ('00000000-0000-0000-0000-000000000004', 'dé@example.com', E'Zoë 😀 \\ back\nslash', NULL, NULL, NULL, '2026-01-03T10:00:00Z', 'GUEST', '{c}', 't2'),
 ('00000000-0000-0000-0000-000000000005', '50%_off@example.com', 'Percent 50% off_sale', 30, 0, false, '2026-01-05T10:00:00Z', NULL, NULL, 't1');

INSERT INTO tb_post VALUES
 ('00000000-0000-0000-0000-000000000101', '00000000-0000-0000-0000-000000000001', 'Hello', 9.5, true, '2026-02-01T00:00:00Z'),
 ('00000000-0000-0000-0000-000000000102', '00000000-0000-0000-0000-000000000001', 'World', 10, false, '2026-02-02T00:00:00Z'),
 ('00000000-0000-0000-0000-000000000103', '00000000-0000-0000-0000-000000000002', 'Third', 100, true, '2026-02-03T00:00:00Z'),
 ('00000000-0000-0000-0000-000000000104', NULL, 'Orphan', NULL, NULL, NULL);

INSERT INTO tv_item VALUES
 ('i1', '{"id": "i1", "name": "nine", "price": 9, "qty": 9, "day": "2026-01-09", "at": "2026-01-09T12:00:00+00:00", "ref": "123e4567-e89b-12d3-a456-426614174001", "labels": ["a", "b"], "nums": [9, 10], "meta": {"color": "red", "size": 1}}'),
 ('i2', '{"id": "i2", "name": "ten", "price": 10, "qty": 10, "day": "2026-01-10", "at": "2026-01-10T00:00:00+02:00", "ref": "123e4567-e89b-12d3-a456-426614174002", "labels": ["b"], "nums": [], "meta": {"color": "blue", "tags": ["x"]}}'),
 ('i3', '{"id": "i3", "name": "hundred", "price": 100.5, "qty": 100, "day": "2025-12-31", "at": "2025-12-31T23:59:59+00:00", "labels": [], "nums": [100], "meta": null}'),
 ('i4', '{"id": "i4", "name": null, "price": 12345678901234567890.123456789, "qty": 2147483647, "note": "say \"hi\"\\ \u0001", "meta": {"a": null}, "labels": null, "nums": null}');

-- a role requests may run under (SET LOCAL ROLE from a token claim): it reads everything here;
-- roles belong to the whole cluster, so it is created once and kept (parallel-safe)
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fraiseql_reader') THEN
    CREATE ROLE fraiseql_reader NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO fraiseql_reader;
