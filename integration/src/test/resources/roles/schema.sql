-- documents whose rows a role sees by a policy: ${viewer} its own (owner = the app.user_id claim),
-- ${admin} all of them. The view runs with the caller's rights, so the policies apply through it.
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
  SELECT id, jsonb_build_object('id', id, 'owner', owner, 'title', title, 'seen_by', current_user) AS data FROM tb_doc;
GRANT SELECT, INSERT ON tb_doc TO ${viewer}, ${admin};
GRANT SELECT ON v_doc TO ${viewer}, ${admin};
INSERT INTO tb_doc VALUES (1, 'alice', 'a1'), (2, 'bob', 'b1'), (3, 'alice', 'a2');
