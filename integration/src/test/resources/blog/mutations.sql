-- Mutation fixtures on top of schema.sql (and the shipped mutation_response.sql).
ALTER TABLE tb_user ALTER COLUMN id SET DEFAULT gen_random_uuid();
ALTER TABLE tb_user ALTER COLUMN created_at SET DEFAULT timestamptz '2026-03-01T00:00:00Z';
ALTER TABLE tb_user ADD CONSTRAINT tb_user_email_key UNIQUE (email);
ALTER TABLE tb_user ADD CONSTRAINT tb_user_age_check CHECK (age >= 0);
ALTER TABLE tb_post ALTER COLUMN id SET DEFAULT gen_random_uuid();

CREATE FUNCTION trg_no_boom() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.title = 'boom' THEN
    RAISE EXCEPTION 'no boom allowed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER tb_post_no_boom BEFORE INSERT ON tb_post FOR EACH ROW EXECUTE FUNCTION trg_no_boom();

CREATE FUNCTION fn_publish_post(input jsonb) RETURNS mutation_response LANGUAGE plpgsql AS $$
DECLARE
  p tb_post;
BEGIN
  SELECT * INTO p FROM tb_post WHERE id = (input->>'post_id')::uuid;
  IF NOT FOUND THEN
    RETURN mutation_not_found('Post', input->>'post_id');
  END IF;
  -- a write before deciding, so that rolled-back error statuses can be observed
  UPDATE tb_post SET title = title || ' (touched)' WHERE id = p.id;
  IF input->>'note' = 'invalid' THEN
    RETURN mutation_validation_error('the note is invalid', 'note', jsonb_build_array(
      jsonb_build_object('code', 422, 'identifier', 'note', 'message', 'note must not be "invalid"',
                         'details', jsonb_build_object('field', 'note'))));
  END IF;
  IF p.published THEN
    RETURN mutation_noop('Post', p.id::text, 'already_published', 'already published', NULL,
                         jsonb_build_object('current_title', p.title));
  END IF;
  UPDATE tb_post SET published = true, title = p.title WHERE id = p.id;
  RETURN mutation_success('Post', p.id::text, (SELECT data FROM v_post WHERE id = p.id), 'published',
                          ARRAY['published', 'author_id']);
END $$;

CREATE FUNCTION fn_who_am_i(input jsonb) RETURNS mutation_response LANGUAGE sql AS $$
  SELECT ROW('success', coalesce(nullif(current_setting('app.tenant_id', true), ''), '(none)') || '/' || (input::text),
             NULL, NULL, NULL, NULL, NULL, NULL)::mutation_response
$$;

CREATE FUNCTION fn_weird(input jsonb) RETURNS mutation_response LANGUAGE sql AS $$
  SELECT ROW('weird', 'what', NULL, NULL, NULL, NULL, NULL, NULL)::mutation_response
$$;

CREATE FUNCTION fn_explode(input jsonb) RETURNS mutation_response LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tb_post (title) VALUES ('exploded');
  RAISE EXCEPTION 'kaboom' USING ERRCODE = 'P0001';
END $$;

-- row-level security, read and written by a role that is not a superuser
CREATE TABLE tb_note (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant text NOT NULL DEFAULT current_setting('app.tenant_id', true),
  body text NOT NULL
);
ALTER TABLE tb_note ENABLE ROW LEVEL SECURITY;
CREATE POLICY tb_note_tenant ON tb_note
  USING (tenant = current_setting('app.tenant_id', true))
  WITH CHECK (tenant = current_setting('app.tenant_id', true));
CREATE VIEW v_note WITH (security_invoker = true) AS
  SELECT id, tenant, jsonb_build_object('id', id, 'tenant', tenant, 'body', body) AS data FROM tb_note;
