-- Makes FerretDB's indexes usable on PostgreSQL. Run (by scripts/services.sh, as a superuser) in the hub's own
-- database; idempotent.
--
-- FerretDB 1.24 pushes an equality filter down as `_jsonb->'f' @> '"v"'`, but the indexes createIndexes makes
-- are btree on `(_jsonb->'f')`, which cannot serve `@>`: every query scans. This event trigger gives each btree
-- index on jsonb expressions a GIN `jsonb_path_ops` twin on the same expressions (name: <index>_gin, or a
-- shortened name plus a hash when that would exceed 63 bytes) and drops the twin when FerretDB drops the index.
-- FerretDB is not touched; MongoDB never sees any of this.

CREATE OR REPLACE FUNCTION oms_gin_twin_name(idx text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN octet_length(idx) <= 59 THEN idx || '_gin'
              ELSE left(idx, 46) || '_' || left(md5(idx), 8) || '_gin' END
$$;

CREATE OR REPLACE FUNCTION oms_gin_twin_create() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  cmd record;
  ix record;
  cols text;
  non_jsonb int;
BEGIN
  FOR cmd IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    SELECT i.indexrelid, i.indrelid, i.indnatts, c.relname, n.nspname, am.amname
      INTO ix
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_am am ON am.oid = c.relam
     WHERE i.indexrelid = cmd.objid;
    CONTINUE WHEN NOT FOUND OR ix.amname <> 'btree' OR ix.nspname IN ('pg_catalog', 'information_schema');
    -- Only indexes whose every key is a jsonb expression (FerretDB's); plain columns are left alone.
    SELECT count(*) INTO non_jsonb
      FROM pg_attribute a
     WHERE a.attrelid = ix.indexrelid AND a.attnum > 0 AND a.atttypid <> 'jsonb'::regtype;
    CONTINUE WHEN non_jsonb > 0;
    SELECT string_agg(format('(%s) jsonb_path_ops', pg_get_indexdef(ix.indexrelid, k, true)), ', ' ORDER BY k)
      INTO cols
      FROM generate_series(1, ix.indnatts) AS k;
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%s)',
                   public.oms_gin_twin_name(ix.relname), ix.indrelid::regclass, cols);
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION oms_gin_twin_drop() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  obj record;
BEGIN
  FOR obj IN SELECT schema_name, object_name FROM pg_event_trigger_dropped_objects()
              WHERE object_type = 'index' AND original LOOP
    CONTINUE WHEN obj.object_name LIKE '%\_gin';
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', obj.schema_name, public.oms_gin_twin_name(obj.object_name));
  END LOOP;
END
$$;

DROP EVENT TRIGGER IF EXISTS oms_gin_twin_create;
CREATE EVENT TRIGGER oms_gin_twin_create ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION oms_gin_twin_create();

DROP EVENT TRIGGER IF EXISTS oms_gin_twin_drop;
CREATE EVENT TRIGGER oms_gin_twin_drop ON sql_drop WHEN TAG IN ('DROP INDEX')
  EXECUTE FUNCTION oms_gin_twin_drop();
