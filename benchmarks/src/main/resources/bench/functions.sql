-- The @function of M3, over the bench tables (needs FraiseQL.shippedSql() first).
-- Publishes a post (again): one UPDATE, then the post as v_post renders it.
CREATE OR REPLACE FUNCTION fn_publish_post(input jsonb) RETURNS mutation_response
LANGUAGE plpgsql AS $$
DECLARE
  v_id uuid := (input->>'post_id')::uuid;
BEGIN
  UPDATE tb_post SET published = true WHERE id = v_id;
  IF NOT FOUND THEN
    RETURN mutation_not_found('Post', input->>'post_id');
  END IF;
  RETURN mutation_success('Post', v_id::text, (SELECT data FROM v_post WHERE id = v_id), 'published',
                          ARRAY['published']);
END $$;
