-- The backend compatibility kit's fixtures, created through plain JDBC (never through the backend
-- under test). Every row of "shapes" is one column shape the response transformer can receive.
CREATE TABLE shapes (id int PRIMARY KEY, label text NOT NULL, data jsonb);
INSERT INTO shapes VALUES
 (1, 'nested objects and arrays', '{"id": 1, "name": "plain", "nested": {"a": {"b": {"c": [1, {"d": null}, [[]], {}]}}}}'),
 (2, 'empty array', '[]'),
 (3, 'empty object', '{}'),
 (4, 'JSON null', 'null'),
 (5, 'SQL NULL', NULL),
 (6, 'unicode', '{"latin": "é ü ß", "cjk": "中文字", "emoji": "😀👍🏽", "escaped": "\u00e9\ud83d\ude00", "rtl": "שלום"}'),
 (7, 'escapes and control characters', '{"quote": "say \"hi\"", "backslash": "a\\b", "newline": "a\nb", "tab": "a\tb", "ctrl": "\u0001\u001f", "slash": "a/b"}'),
 (8, 'integers at the limits of long', '{"long_max": 9223372036854775807, "long_min": -9223372036854775808, "beyond_long": 9223372036854775808, "int_max": 2147483647, "int_min": -2147483648, "zero": 0}'),
 (9, 'doubles at the limits', '{"max": 1.7976931348623157e308, "min_normal": 2.2250738585072014e-308, "min_subnormal": 4.9e-324, "neg_zero": -0.0, "tenth": 0.1, "exp": 1E+2}'),
 (10, 'float8 values rendered by PostgreSQL', jsonb_build_array(1.7976931348623157e308::float8, 4.9e-324::float8, -0.0::float8, 0.1::float8, 1e-7::float8, 123456789012345678::float8)),
 (11, 'big decimals', '{"big": 12345678901234567890.123456789012345678901234567890, "tiny": 0.000000000000000000000000000001, "trailing_zeros": 1.500, "negative": -98765432109876543210.5}'),
 (12, 'large string (1 MB)', jsonb_build_object('s', repeat('x', 1000000) || '😀', 'after', true)),
 (13, 'key order as jsonb normalises it', '{"bb": 2, "a": 1, "aaa": 3, "c": {"z": 1, "y": 2}}'),
 (14, 'top-level string', '"just a string"'),
 (15, 'top-level number', '42'),
 (16, 'top-level boolean', 'true'),
 (17, 'absent keys (some)', '{"id": 17, "a": 1}'),
 (18, 'absent keys (other)', '{"id": 18, "b": null}'),
 (19, 'array of objects with absent keys', '[{"id": 1, "x": 1}, {"id": 2}, {"id": 3, "x": null, "y": [1, 2]}]'),
 (20, 'mixed array', '[1, "two", null, true, false, {"x": [[]]}, 3.5, -0.25]'),
 (21, 'deep nesting', '[[[[[[[[[[[[[[[[[[[[{"deep": true}]]]]]]]]]]]]]]]]]]]]'),
 (22, 'timestamps and dates as PostgreSQL renders them',
      jsonb_build_object('ts', '2026-01-02T03:04:05.123456+02:00'::timestamptz, 'day', '2026-01-02'::date,
                         'uuid', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid));

CREATE VIEW v_shapes AS SELECT id, label, data FROM shapes;

-- json (not jsonb) keeps the text verbatim: whitespace, key order, duplicate keys
CREATE TABLE shapes_json (id int PRIMARY KEY, data json);
INSERT INTO shapes_json VALUES
 (1, '{"b" : 1,   "a":[1,2 ,3], "a": "duplicate"}'),
 (2, '  [ {"x":1}	,{ } ]  '),
 (3, '"\u00e9 😀"'),
 (4, NULL);

-- session variables: a view and a row-level security policy read app.tenant_id
CREATE TABLE tenant_rows (id int PRIMARY KEY, tenant text NOT NULL, data jsonb NOT NULL);
INSERT INTO tenant_rows VALUES
 (1, 't1', '{"id": 1, "tenant": "t1"}'), (2, 't2', '{"id": 2, "tenant": "t2"}'),
 (3, 't1', '{"id": 3, "tenant": "t1"}'), (4, 'ü''1', '{"id": 4, "tenant": "ü''1"}');
CREATE VIEW v_tenant_rows AS
 SELECT id, data FROM tenant_rows WHERE tenant = current_setting('app.tenant_id', true);
CREATE TABLE secured (id int PRIMARY KEY, tenant text NOT NULL, data jsonb NOT NULL);
INSERT INTO secured SELECT * FROM tenant_rows;
ALTER TABLE secured ENABLE ROW LEVEL SECURITY;
ALTER TABLE secured FORCE ROW LEVEL SECURITY;
CREATE POLICY secured_by_tenant ON secured USING (tenant = current_setting('app.tenant_id', true));

-- error mapping and transactions
CREATE TABLE account (id int PRIMARY KEY, email text CONSTRAINT account_email_key UNIQUE,
                      parent int CONSTRAINT account_parent_fk REFERENCES account(id));
INSERT INTO account VALUES (1, 'taken@example.com', NULL);
CREATE TABLE ledger (id int PRIMARY KEY);
CREATE FUNCTION tck_serialization_failure() RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001';
END $$;

-- back-pressure: nextval() counts the rows the server has produced so far
CREATE SEQUENCE produced;
-- flow control: the rows produced while a sink had paused the statement
CREATE SEQUENCE produced_while_paused;

-- write transactions (DatabaseBackend.transaction): a table with every kind of constraint, a
-- trigger and a function that raise, and a view to re-read written rows from
CREATE TABLE item (
  id int PRIMARY KEY,
  name text NOT NULL CONSTRAINT item_name_check CHECK (name <> ''),
  owner int CONSTRAINT item_owner_fk REFERENCES account(id),
  tenant text DEFAULT current_setting('app.tenant_id', true),
  qty int NOT NULL DEFAULT 0
);
CREATE VIEW v_item AS
  SELECT id, jsonb_build_object('id', id, 'name', name, 'tenant', tenant, 'qty', qty) AS data FROM item;
CREATE FUNCTION tck_no_boom() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.name = 'boom' THEN
    RAISE EXCEPTION 'no boom allowed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER item_no_boom BEFORE INSERT ON item FOR EACH ROW EXECUTE FUNCTION tck_no_boom();
CREATE TYPE tck_outcome AS (status text, id int, entity jsonb);
-- inserts {"id", "name"}; with "raise" set, raises afterwards with that SQLSTATE
CREATE FUNCTION tck_add_item(input jsonb) RETURNS tck_outcome LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO item (id, name) VALUES ((input->>'id')::int, input->>'name');
  IF input ? 'raise' THEN
    RAISE EXCEPTION 'refused %', input->>'name' USING ERRCODE = input->>'raise';
  END IF;
  RETURN ROW('created', (input->>'id')::int, (SELECT data FROM v_item WHERE id = (input->>'id')::int))::tck_outcome;
END $$;
