-- Roles a token names (the names carry the database's, as roles belong to the whole cluster):
-- ${viewer} sees its own documents (owner = the sub claim, through app.user_id), ${admin} all.
CREATE ROLE ${viewer} NOLOGIN;
CREATE ROLE ${admin} NOLOGIN;
CREATE TABLE tb_doc (
  id int PRIMARY KEY,
  owner text DEFAULT NULLIF(current_setting('app.user_id', true), ''),
  title text NOT NULL
);
ALTER TABLE tb_doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_owner ON tb_doc TO ${viewer}
  USING (owner = NULLIF(current_setting('app.user_id', true), ''))
  WITH CHECK (owner = NULLIF(current_setting('app.user_id', true), ''));
CREATE POLICY doc_admin ON tb_doc TO ${admin} USING (true) WITH CHECK (true);
CREATE VIEW v_doc WITH (security_invoker = true) AS
  SELECT id, jsonb_build_object('id', id, 'owner', owner, 'title', title) AS data FROM tb_doc;
INSERT INTO tb_doc VALUES (1, 'alice', 'a1'), (2, 'bob', 'b1'), (3, 'alice', 'a2');

-- what the transaction sees: the session variables and the role
CREATE VIEW v_session AS
SELECT 1 AS id, jsonb_build_object('id', 1,
    'user_id', NULLIF(current_setting('app.user_id', true), ''),
    'org_id', NULLIF(current_setting('app.org_id', true), ''),
    'tenant', NULLIF(current_setting('app.tenant_id', true), ''),
    'role', current_user) AS data;

-- every read of v_counted takes a number: a request refused before any SQL takes none
CREATE SEQUENCE reads;
CREATE VIEW v_counted AS SELECT 1 AS id, jsonb_build_object('id', 1, 'n', nextval('reads')) AS data;

GRANT SELECT, INSERT ON tb_doc TO ${viewer}, ${admin};
GRANT SELECT ON v_doc, v_session, v_counted TO ${viewer}, ${admin};
GRANT USAGE ON SEQUENCE reads TO ${viewer}, ${admin};
