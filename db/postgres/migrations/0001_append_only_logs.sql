-- The logs are append-only (R-IG-AUDIT): no update, delete or truncate, whoever asks. Hand-written beside
-- the generated schema (drizzle's schema has no triggers; `drizzle-kit generate --custom` made its entry).
-- Written to run again safely: a database made by the earlier single hand-written migration already has
-- these, and 0000 keeps that migration's timestamp so such a database is not created twice.
CREATE OR REPLACE FUNCTION concordat_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: a row cannot be %', TG_TABLE_NAME,
    CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END
    USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS events_no_update ON events;
--> statement-breakpoint
CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION concordat_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS events_no_delete ON events;
--> statement-breakpoint
CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION concordat_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS events_no_truncate ON events;
--> statement-breakpoint
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION concordat_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS access_log_no_update ON access_log;
--> statement-breakpoint
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log FOR EACH ROW EXECUTE FUNCTION concordat_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS access_log_no_delete ON access_log;
--> statement-breakpoint
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION concordat_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS access_log_no_truncate ON access_log;
--> statement-breakpoint
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION concordat_append_only();
