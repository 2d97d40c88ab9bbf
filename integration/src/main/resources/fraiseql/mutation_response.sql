-- FraiseQL: the mutation_response type and its helper functions.
--
-- A @function mutation calls a PostgreSQL function that takes the input as one jsonb argument
-- (keys snake_case) and returns one mutation_response. The engine maps its status:
--   success, created, updated, deleted              -> the <X>Success member of the result union
--   noop:*                                          -> <X>Error, code 422 (transaction rolled back)
--   validation:*, failed:validation*                -> 422
--   not_found:*,  failed:not_found*                 -> 404
--   conflict:*,   failed:conflict*                  -> 409
--   unauthorized:* -> 401, forbidden:* -> 403, timeout:* -> 408, any other failed:* -> 500
-- Any other status is an engine error (INVALID_MUTATION_RESPONSE), never a silent success.
-- The text after the first ':' is the error's identifier; metadata.errors, when present, is the
-- list of errors reported verbatim.
--
-- Safe to run again: the type is created only when it is missing, the functions are replaced.
-- Objects go to the first schema of the search_path (usually public).
-- Print this file with: java -jar fraiseql-server.jar sql

DO $fraiseql$
BEGIN
  IF NOT EXISTS (
      SELECT 1
      FROM pg_catalog.pg_type t
      JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typname = 'mutation_response' AND n.nspname = current_schema()) THEN
    CREATE TYPE mutation_response AS (
      status         text,     -- see the mapping above
      message        text,     -- human-readable, returned to the client
      entity_id      text,     -- id of the entity the mutation touched
      entity_type    text,     -- GraphQL type name of that entity, e.g. 'Post'
      entity         jsonb,    -- the entity as its read view renders it (snake_case keys)
      updated_fields text[],   -- column names that changed (the client sees them camelCased)
      cascade        jsonb,    -- other entities the mutation changed, if any
      metadata       jsonb     -- extra data; "errors": [...] lists detailed errors
    );
  END IF;
END
$fraiseql$;

-- Success: status 'success'.
CREATE OR REPLACE FUNCTION mutation_success(
    p_entity_type    text,
    p_entity_id      text,
    p_entity         jsonb,
    p_message        text   DEFAULT 'success',
    p_updated_fields text[] DEFAULT NULL,
    p_cascade        jsonb  DEFAULT NULL,
    p_metadata       jsonb  DEFAULT NULL)
RETURNS mutation_response
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ROW('success', p_message, p_entity_id, p_entity_type, p_entity, p_updated_fields,
             p_cascade, p_metadata)::mutation_response
$$;

-- A new entity: status 'created'.
CREATE OR REPLACE FUNCTION mutation_created(
    p_entity_type text,
    p_entity_id   text,
    p_entity      jsonb,
    p_message     text  DEFAULT 'created',
    p_cascade     jsonb DEFAULT NULL,
    p_metadata    jsonb DEFAULT NULL)
RETURNS mutation_response
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ROW('created', p_message, p_entity_id, p_entity_type, p_entity, NULL::text[],
             p_cascade, p_metadata)::mutation_response
$$;

-- Invalid input: status 'validation:<identifier>' (422). p_errors, a jsonb array of
-- {code, identifier, message, details} objects, becomes metadata.errors.
CREATE OR REPLACE FUNCTION mutation_validation_error(
    p_message     text,
    p_identifier  text  DEFAULT 'invalid_input',
    p_errors      jsonb DEFAULT NULL,
    p_entity_type text  DEFAULT NULL,
    p_metadata    jsonb DEFAULT NULL)
RETURNS mutation_response
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ROW('validation:' || COALESCE(p_identifier, 'invalid_input'), p_message, NULL::text, p_entity_type, NULL::jsonb,
             NULL::text[], NULL::jsonb,
             CASE WHEN p_errors IS NULL THEN p_metadata
                  ELSE COALESCE(p_metadata, '{}'::jsonb) || jsonb_build_object('errors', p_errors)
             END)::mutation_response
$$;

-- The entity does not exist: status 'not_found:<entity type>' (404).
CREATE OR REPLACE FUNCTION mutation_not_found(
    p_entity_type text,
    p_entity_id   text,
    p_message     text  DEFAULT NULL,
    p_metadata    jsonb DEFAULT NULL)
RETURNS mutation_response
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ROW('not_found:' || COALESCE(p_entity_type, 'entity'),
             COALESCE(p_message, COALESCE(p_entity_type, 'entity') || ' ' || COALESCE(p_entity_id, '(no id)') || ' not found'),
             p_entity_id, p_entity_type, NULL::jsonb, NULL::text[], NULL::jsonb,
             p_metadata)::mutation_response
$$;

-- A conflicting entity exists (a duplicate, a stale version): status 'conflict:<identifier>' (409).
CREATE OR REPLACE FUNCTION mutation_conflict(
    p_entity_type text,
    p_message     text,
    p_identifier  text  DEFAULT 'duplicate',
    p_entity_id   text  DEFAULT NULL,
    p_entity      jsonb DEFAULT NULL,
    p_metadata    jsonb DEFAULT NULL)
RETURNS mutation_response
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ROW('conflict:' || COALESCE(p_identifier, 'duplicate'), p_message, p_entity_id, p_entity_type, p_entity,
             NULL::text[], NULL::jsonb, p_metadata)::mutation_response
$$;

-- Nothing to do (already in the requested state): status 'noop:<identifier>' (422; the
-- transaction is rolled back like every error).
CREATE OR REPLACE FUNCTION mutation_noop(
    p_entity_type text,
    p_entity_id   text,
    p_identifier  text  DEFAULT 'unchanged',
    p_message     text  DEFAULT 'nothing to change',
    p_entity      jsonb DEFAULT NULL,
    p_metadata    jsonb DEFAULT NULL)
RETURNS mutation_response
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ROW('noop:' || COALESCE(p_identifier, 'unchanged'), p_message, p_entity_id, p_entity_type, p_entity,
             NULL::text[], NULL::jsonb, p_metadata)::mutation_response
$$;
