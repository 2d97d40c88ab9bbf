-- FraiseQL demo: a small blog. Base tables tb_*, read views v_* that return each row as jsonb
-- ("hybrid" views: flat columns for filters and sorts next to the data column, related objects
-- embedded). 100 users, 1,000 posts, 5,000 comments, all computed with generate_series: the same
-- rows on every run, no random().
-- Safe to run again: tables and rows are created only when missing, views are replaced.

CREATE TABLE IF NOT EXISTS tb_user (
  id         bigint PRIMARY KEY,
  email      text NOT NULL UNIQUE,
  full_name  text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS tb_post (
  id         bigint PRIMARY KEY,
  author_id  bigint NOT NULL REFERENCES tb_user (id),
  title      text NOT NULL,
  body       text NOT NULL,
  published  boolean NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS tb_post_author_id ON tb_post (author_id);
CREATE INDEX IF NOT EXISTS tb_post_created_at_id ON tb_post (created_at, id);

CREATE TABLE IF NOT EXISTS tb_comment (
  id         bigint PRIMARY KEY,
  post_id    bigint NOT NULL REFERENCES tb_post (id),
  author_id  bigint NOT NULL REFERENCES tb_user (id),
  body       text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS tb_comment_post_id ON tb_comment (post_id);
CREATE INDEX IF NOT EXISTS tb_comment_author_id ON tb_comment (author_id);

-- user n: first name n mod 10, last name n div 10 (100 distinct names), one day apart
INSERT INTO tb_user (id, email, full_name, created_at)
SELECT n,
       lower(f.first) || '.' || lower(l.last) || '@example.com',
       f.first || ' ' || l.last,
       timestamptz '2025-01-01 00:00:00+00' + (n - 1) * interval '1 day'
FROM generate_series(1, 100) AS n
CROSS JOIN LATERAL (SELECT (ARRAY['Ada', 'Alan', 'Barbara', 'Donald', 'Edsger', 'Frances',
                                  'Grace', 'John', 'Katherine', 'Linus'])[(n - 1) % 10 + 1] AS first) f
CROSS JOIN LATERAL (SELECT (ARRAY['Lovelace', 'Turing', 'Liskov', 'Knuth', 'Dijkstra', 'Allen',
                                  'Hopper', 'Backus', 'Johnson', 'Torvalds'])[(n - 1) / 10 + 1] AS last) l
ON CONFLICT (id) DO NOTHING;

-- post n: by user (n - 1) mod 100 + 1, one of ten topics, every fourth one a draft, 6 hours apart
INSERT INTO tb_post (id, author_id, title, body, published, created_at)
SELECT n,
       (n - 1) % 100 + 1,
       t.topic || ', part ' || ((n - 1) / 10 + 1),
       'Post ' || n || ' is about ' || lower(t.topic) || '.',
       n % 4 <> 0,
       timestamptz '2025-03-01 00:00:00+00' + n * interval '6 hours'
FROM generate_series(1, 1000) AS n
CROSS JOIN LATERAL (SELECT (ARRAY['Streaming JSONB', 'GraphQL without resolvers', 'Keyset pagination',
                                  'Hybrid views', 'Row-level security', 'Connection pools',
                                  'Event loops', 'Java records', 'Indexes on JSONB',
                                  'Back-pressure'])[(n - 1) % 10 + 1] AS topic) t
ON CONFLICT (id) DO NOTHING;

-- comment n: on post (n - 1) mod 1000 + 1 (five per post), by user (7n - 1) mod 100 + 1
INSERT INTO tb_comment (id, post_id, author_id, body, created_at)
SELECT n,
       (n - 1) % 1000 + 1,
       (7 * n - 1) % 100 + 1,
       'Comment ' || n || ' on post ' || ((n - 1) % 1000 + 1),
       timestamptz '2025-03-01 00:00:00+00' + ((n - 1) % 1000 + 1) * interval '6 hours'
           + ((n - 1) / 1000 + 1) * interval '1 hour'
FROM generate_series(1, 5000) AS n
ON CONFLICT (id) DO NOTHING;

CREATE OR REPLACE VIEW v_user AS
SELECT u.id, u.email, u.created_at,
       jsonb_build_object(
         'id', u.id,
         'email', u.email,
         'full_name', u.full_name,
         'created_at', u.created_at,
         'post_count', (SELECT count(*) FROM tb_post p WHERE p.author_id = u.id),
         'posts', COALESCE((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'title', p.title,
                                                                'published', p.published,
                                                                'created_at', p.created_at)
                                             ORDER BY p.id)
                            FROM tb_post p WHERE p.author_id = u.id), '[]'::jsonb)) AS data
FROM tb_user u;

CREATE OR REPLACE VIEW v_post AS
SELECT p.id, p.author_id, p.title, p.published, p.created_at,
       jsonb_build_object(
         'id', p.id,
         'title', p.title,
         'body', p.body,
         'published', p.published,
         'created_at', p.created_at,
         'author', jsonb_build_object('id', a.id, 'full_name', a.full_name, 'email', a.email),
         'comment_count', (SELECT count(*) FROM tb_comment c WHERE c.post_id = p.id),
         'comments', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                                        'id', c.id, 'body', c.body, 'created_at', c.created_at,
                                        'author', jsonb_build_object('id', ca.id, 'full_name', ca.full_name))
                                      ORDER BY c.id)
                               FROM tb_comment c JOIN tb_user ca ON ca.id = c.author_id
                               WHERE c.post_id = p.id), '[]'::jsonb)) AS data
FROM tb_post p
JOIN tb_user a ON a.id = p.author_id;

CREATE OR REPLACE VIEW v_comment AS
SELECT c.id, c.post_id, c.author_id, c.created_at,
       jsonb_build_object(
         'id', c.id,
         'body', c.body,
         'created_at', c.created_at,
         'author', jsonb_build_object('id', a.id, 'full_name', a.full_name),
         'post', jsonb_build_object('id', p.id, 'title', p.title)) AS data
FROM tb_comment c
JOIN tb_user a ON a.id = c.author_id
JOIN tb_post p ON p.id = c.post_id;

-- Writes, for the mutations of blog.graphql: new comments take their id from a sequence and
-- their time from the clock; fn_publish_post answers with the shipped mutation_response helpers.
CREATE SEQUENCE IF NOT EXISTS tb_comment_id_seq START WITH 100001 OWNED BY tb_comment.id;
ALTER TABLE tb_comment ALTER COLUMN id SET DEFAULT nextval('tb_comment_id_seq');
ALTER TABLE tb_comment ALTER COLUMN created_at SET DEFAULT now();

-- publishPost(input: {postId}): a draft becomes published (success, the post re-read from v_post);
-- a published post is a noop (422), an unknown one not_found (404), a malformed id validation (422)
CREATE OR REPLACE FUNCTION fn_publish_post(input jsonb) RETURNS mutation_response
LANGUAGE plpgsql AS $$
DECLARE
  v_id bigint;
  v_published boolean;
BEGIN
  IF coalesce(input->>'post_id', '') !~ '^[0-9]{1,18}$' THEN
    RETURN mutation_validation_error('postId must be the id of a post', 'post_id');
  END IF;
  v_id := (input->>'post_id')::bigint;
  SELECT published INTO v_published FROM tb_post WHERE id = v_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN mutation_not_found('Post', v_id::text);
  END IF;
  IF v_published THEN
    RETURN mutation_noop('Post', v_id::text, 'already_published', 'the post is already published');
  END IF;
  UPDATE tb_post SET published = true WHERE id = v_id;
  RETURN mutation_success('Post', v_id::text, (SELECT data FROM v_post WHERE id = v_id), 'published',
                          ARRAY['published']);
END
$$;
