-- Table-view fixtures: the shared benchmark's blog (users, posts, comments and the hybrid views
-- v_user, v_comment, v_post) at a small scale, plus views the generator must map through several
-- joins (v_author) or refuse (the v_bad_* views). Deterministic: ids are md5 of an ordinal.
SET client_min_messages = warning;

CREATE TABLE tb_user (
  id          uuid        PRIMARY KEY,
  email       text        NOT NULL UNIQUE,
  name        text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  is_active   boolean     NOT NULL DEFAULT true,
  age         int
);
CREATE TABLE tb_post (
  id          uuid        PRIMARY KEY,
  author_id   uuid        NOT NULL REFERENCES tb_user (id) ON DELETE CASCADE,
  title       text        NOT NULL,
  body        text        NOT NULL,
  published   boolean     NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  tags        text[]      NOT NULL DEFAULT '{}'
);
CREATE TABLE tb_comment (
  id          uuid        PRIMARY KEY,
  post_id     uuid        NOT NULL REFERENCES tb_post (id) ON DELETE CASCADE,
  author_id   uuid        NOT NULL REFERENCES tb_user (id) ON DELETE CASCADE,
  body        text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- no foreign key, and joined through a cast: the generator cannot infer it
CREATE TABLE tb_like (
  id          bigserial   PRIMARY KEY,
  post_ref    text        NOT NULL,
  user_id     uuid        NOT NULL
);
CREATE INDEX ON tb_post (author_id);
CREATE INDEX ON tb_post (created_at);
CREATE INDEX ON tb_comment (post_id);
CREATE INDEX ON tb_comment (author_id);
CREATE INDEX ON tb_like (post_ref);

INSERT INTO tb_user (id, email, name, created_at, is_active, age)
SELECT md5('user:' || i)::uuid, 'user' || i || '@example.com', 'User ' || i,
       timestamptz '2024-01-01 00:00:00+00' + make_interval(days => i), i % 5 <> 0, 18 + i % 60
FROM generate_series(1, 20) AS i;

INSERT INTO tb_post (id, author_id, title, body, published, created_at, tags)
SELECT md5('post:' || j)::uuid, md5('user:' || (1 + j % 20))::uuid, 'Post ' || j, 'Body of post ' || j,
       j % 10 <> 0, timestamptz '2024-06-01 00:00:00+00' + make_interval(hours => j),
       (ARRAY['java', 'graphql', 'postgres'])[1 : 1 + j % 3]
FROM generate_series(1, 60) AS j;

INSERT INTO tb_comment (id, post_id, author_id, body, created_at)
SELECT md5('comment:' || k)::uuid, md5('post:' || (1 + k % 60))::uuid, md5('user:' || (1 + (k * 7) % 20))::uuid,
       'Comment ' || k, timestamptz '2024-07-01 00:00:00+00' + make_interval(mins => k)
FROM generate_series(1, 180) AS k;

INSERT INTO tb_like (post_ref, user_id)
SELECT md5('post:' || (1 + l % 60))::uuid::text, md5('user:' || (1 + l % 20))::uuid
FROM generate_series(1, 40) AS l;

-- the benchmark's views
CREATE VIEW v_user AS
SELECT u.id, u.email, u.created_at, u.is_active, u.age,
       jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name, 'created_at', u.created_at,
                          'is_active', u.is_active, 'age', u.age) AS data
FROM tb_user u;

CREATE VIEW v_comment AS
SELECT c.id, c.post_id, c.author_id, c.created_at,
       jsonb_build_object('id', c.id, 'post_id', c.post_id, 'body', c.body, 'created_at', c.created_at,
                          'author', au.data) AS data
FROM tb_comment c
JOIN v_user au ON au.id = c.author_id;

CREATE VIEW v_post AS
SELECT p.id, p.author_id, p.published, p.created_at,
       jsonb_build_object(
           'id', p.id, 'title', p.title, 'body', p.body, 'published', p.published,
           'created_at', p.created_at, 'tags', to_jsonb(p.tags), 'author', au.data,
           'comments', coalesce(
               (SELECT jsonb_agg(vc.data ORDER BY c.created_at, c.id)
                  FROM tb_comment c
                  JOIN v_comment vc ON vc.id = c.id
                 WHERE c.post_id = p.id),
               '[]'::jsonb)) AS data
FROM tb_post p
JOIN v_user au ON au.id = p.author_id;

-- a user with their posts and each post's number of comments: comments reach the user through
-- their post (two joins), and IN (subquery) counts as a join
CREATE VIEW v_author AS
SELECT u.id, u.name,
       jsonb_build_object(
           'id', u.id, 'name', u.name,
           'posts', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                  'id', p.id, 'title', p.title,
                                  'comments', (SELECT count(*) FROM tb_comment c WHERE c.post_id = p.id))
                                ORDER BY p.id)
                              FROM tb_post p WHERE p.author_id = u.id), '[]'::jsonb),
           'commented', (SELECT count(*) FROM tb_post p2
                          WHERE p2.id IN (SELECT c2.post_id FROM tb_comment c2 WHERE c2.author_id = u.id))) AS data
FROM tb_user u;

-- likes are joined through a cast of the post id: no column equality, so --depends is needed
CREATE VIEW v_post_likes AS
SELECT p.id,
       jsonb_build_object('id', p.id, 'likes', (SELECT count(*) FROM tb_like l WHERE l.post_ref = p.id::text)) AS data
FROM tb_post p;

-- refused: the clock
CREATE VIEW v_bad_clock AS
SELECT p.id, jsonb_build_object('id', p.id, 'fresh', p.created_at > now() - interval '1 day') AS data
FROM tb_post p;

-- refused: a volatile function
CREATE VIEW v_bad_random AS
SELECT u.id, jsonb_build_object('id', u.id, 'luck', random()) AS data FROM tb_user u;

-- refused unless every table is declared: membership depends on the other rows
CREATE VIEW v_bad_top AS
SELECT p.id, jsonb_build_object('id', p.id, 'title', p.title) AS data
FROM tb_post p ORDER BY p.created_at DESC LIMIT 5;

-- refused: every document counts every post (no join leads from a post to the user)
CREATE VIEW v_bad_total AS
SELECT u.id, jsonb_build_object('id', u.id, 'all_posts', (SELECT count(*) FROM tb_post)) AS data
FROM tb_user u;

-- refused unless declared: the id is computed
CREATE VIEW v_bad_id AS
SELECT 'user-' || u.id AS id, jsonb_build_object('name', u.name) AS data FROM tb_user u;

-- refused: a materialized view is not kept current by any trigger
CREATE MATERIALIZED VIEW m_post_count AS SELECT author_id, count(*) AS n FROM tb_post GROUP BY author_id;
CREATE VIEW v_bad_matview AS
SELECT u.id, jsonb_build_object('id', u.id, 'n', m.n) AS data
FROM tb_user u LEFT JOIN m_post_count m ON m.author_id = u.id;

-- not a view
CREATE VIEW v_no_id AS SELECT u.email, to_jsonb(u.name) AS data FROM tb_user u;
