-- Concordat on PostgreSQL: the whole schema as SQLite's migrations 0000-0014 leave it, in PostgreSQL's
-- own types. Instants the projections sort by stay ISO-8601 text (as on SQLite, so both backends order
-- them the same way); the reports' instants are epoch milliseconds (bigint); state is `json`, which keeps
-- the text as written (jsonb would refuse a \u0000 that a card's free text may hold).
CREATE TABLE events (
  seq bigint PRIMARY KEY,
  stream_id text NOT NULL,
  stream_kind text NOT NULL,
  stream_version integer NOT NULL,
  area_id text NOT NULL,
  type text NOT NULL,
  payload text NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  actor_role text NOT NULL,
  command_id text NOT NULL,
  occurred_at text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX events_stream_version_uq ON events (stream_id, stream_version);
--> statement-breakpoint
CREATE INDEX events_area_seq_idx ON events (area_id, seq);
--> statement-breakpoint
CREATE INDEX events_kind_seq_idx ON events (stream_kind, seq);
--> statement-breakpoint
CREATE INDEX events_unit_case_idx ON events (((payload::json) ->> 'caseId')) WHERE stream_kind = 'unit';
--> statement-breakpoint
CREATE INDEX events_hold_case_idx ON events (((payload::json) -> 'hold' ->> 'caseId')) WHERE stream_kind = 'service';
--> statement-breakpoint
CREATE INDEX events_hold_idx ON events (((payload::json) ->> 'holdId')) WHERE stream_kind = 'service';
--> statement-breakpoint
CREATE TABLE commands (
  command_id text PRIMARY KEY,
  name text NOT NULL,
  actor_id text NOT NULL,
  stream_id text NOT NULL,
  last_seq bigint NOT NULL,
  applied_at text NOT NULL
);
--> statement-breakpoint
CREATE TABLE cases (
  id text PRIMARY KEY,
  area_id text NOT NULL,
  status text NOT NULL,
  priority text NOT NULL,
  version integer NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  card json NOT NULL
);
--> statement-breakpoint
CREATE INDEX cases_area_status_idx ON cases (area_id, status);
--> statement-breakpoint
CREATE INDEX cases_area_updated_idx ON cases (area_id, updated_at);
--> statement-breakpoint
CREATE INDEX cases_closed_idx ON cases (area_id, (card ->> 'closedAt')) WHERE status = 'closed';
--> statement-breakpoint
-- The card search index (R-SEARCH, db/postgres/case-search.ts): one row per card, its searchable words as
-- lexemes tagged with their field ("n:mackenzie", "h:9434765919"), written in the card's transaction.
CREATE TABLE case_search (
  case_id text PRIMARY KEY,
  area_id text NOT NULL,
  created_at text NOT NULL,
  words tsvector NOT NULL,
  source text NOT NULL
);
--> statement-breakpoint
CREATE INDEX case_search_words_idx ON case_search USING gin (words);
--> statement-breakpoint
CREATE INDEX case_search_area_created_idx ON case_search (area_id, created_at);
--> statement-breakpoint
CREATE TABLE services (
  id text PRIMARY KEY,
  area_id text NOT NULL,
  kind text NOT NULL,
  organisation text NOT NULL,
  version integer NOT NULL,
  hold_count integer NOT NULL,
  updated_at text NOT NULL,
  service json NOT NULL
);
--> statement-breakpoint
CREATE INDEX services_area_idx ON services (area_id);
--> statement-breakpoint
CREATE INDEX services_holds_idx ON services (hold_count);
--> statement-breakpoint
CREATE TABLE units (
  id text PRIMARY KEY,
  area_id text NOT NULL,
  status text NOT NULL,
  version integer NOT NULL,
  accept_by text,
  updated_at text NOT NULL,
  unit json NOT NULL
);
--> statement-breakpoint
CREATE INDEX units_area_idx ON units (area_id);
--> statement-breakpoint
CREATE INDEX units_accept_by_idx ON units (accept_by);
--> statement-breakpoint
CREATE TABLE handover_notes (
  id text PRIMARY KEY,
  area_id text NOT NULL,
  shift_start text NOT NULL,
  version integer NOT NULL,
  updated_at text NOT NULL,
  note json NOT NULL
);
--> statement-breakpoint
CREATE INDEX handover_notes_area_shift_idx ON handover_notes (area_id, shift_start);
--> statement-breakpoint
CREATE TABLE areas (
  id text PRIMARY KEY,
  name text NOT NULL,
  short_code text NOT NULL DEFAULT '',
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 0,
  updated_at text NOT NULL DEFAULT ''
);
--> statement-breakpoint
CREATE UNIQUE INDEX areas_short_code_unique ON areas (short_code);
--> statement-breakpoint
CREATE TABLE organisations (
  id text PRIMARY KEY,
  area_id text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  version integer NOT NULL,
  updated_at text NOT NULL
);
--> statement-breakpoint
CREATE INDEX organisations_area_idx ON organisations (area_id);
--> statement-breakpoint
CREATE TABLE users (
  id text PRIMARY KEY,
  username text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL,
  organisation_id text NOT NULL DEFAULT '',
  area_id text NOT NULL REFERENCES areas (id),
  contact text NOT NULL DEFAULT '{"phone":"","email":""}',
  is_enabled boolean NOT NULL DEFAULT true,
  is_demo boolean NOT NULL DEFAULT false,
  must_change_password boolean NOT NULL DEFAULT false,
  has_mfa boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 0,
  created_at text NOT NULL,
  updated_at text NOT NULL DEFAULT ''
);
--> statement-breakpoint
CREATE UNIQUE INDEX users_username_unique ON users (username);
--> statement-breakpoint
CREATE TABLE credentials (
  user_id text PRIMARY KEY REFERENCES users (id),
  password_hash text NOT NULL,
  password_changed_at text NOT NULL,
  mfa_secret text,
  mfa_last_step bigint,
  recovery_codes text NOT NULL DEFAULT '[]'
);
--> statement-breakpoint
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  id text NOT NULL DEFAULT '',
  user_id text NOT NULL REFERENCES users (id),
  stage text NOT NULL DEFAULT 'active',
  created_at text NOT NULL,
  expires_at text NOT NULL,
  last_active_at text NOT NULL DEFAULT '',
  locked_at text,
  pending_mfa_secret text,
  failures integer NOT NULL DEFAULT 0,
  user_agent text NOT NULL DEFAULT '',
  source text NOT NULL DEFAULT ''
);
--> statement-breakpoint
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
--> statement-breakpoint
CREATE INDEX sessions_user_idx ON sessions (user_id);
--> statement-breakpoint
CREATE TABLE access_log (
  id bigint PRIMARY KEY,
  user_id text NOT NULL,
  role text NOT NULL,
  case_id text NOT NULL,
  action text NOT NULL,
  at text NOT NULL,
  area_id text NOT NULL DEFAULT '',
  source text NOT NULL DEFAULT '',
  prev_hash text NOT NULL,
  hash text NOT NULL
);
--> statement-breakpoint
CREATE INDEX access_log_area_idx ON access_log (area_id, id);
--> statement-breakpoint
CREATE INDEX access_log_case_idx ON access_log (case_id);
--> statement-breakpoint
CREATE INDEX access_log_user_idx ON access_log (user_id, id);
--> statement-breakpoint
CREATE TABLE case_facts (
  case_id text PRIMARY KEY,
  area_id text NOT NULL,
  priority text NOT NULL,
  status text NOT NULL,
  created_at bigint NOT NULL,
  closed_at bigint,
  outcome text,
  ethnicity text NOT NULL,
  sex text NOT NULL,
  age_band text NOT NULL,
  postcode text,
  person_key text,
  power text,
  detained_at bigint,
  first_place text,
  transport text,
  police_vehicle_reason text,
  police_station boolean NOT NULL,
  arrested boolean,
  under18 boolean,
  duration_minutes integer,
  extended boolean NOT NULL,
  breached boolean NOT NULL,
  handover_minutes integer,
  detention_outcome text,
  triaged_at bigint,
  dispatched_at bigint,
  accepted_at bigint,
  on_scene_at bigint,
  left_scene_at bigint,
  handed_over_at bigint,
  clear_at bigint
);
--> statement-breakpoint
CREATE INDEX case_facts_area_created_idx ON case_facts (area_id, created_at);
--> statement-breakpoint
CREATE INDEX case_facts_area_detained_idx ON case_facts (area_id, detained_at);
--> statement-breakpoint
CREATE INDEX case_facts_person_idx ON case_facts (person_key, created_at);
--> statement-breakpoint
CREATE TABLE turn_aways (
  seq bigint PRIMARY KEY,
  area_id text NOT NULL,
  service_id text NOT NULL,
  service_name text NOT NULL,
  category text NOT NULL,
  case_id text NOT NULL,
  how text NOT NULL,
  reason text NOT NULL,
  at text NOT NULL
);
--> statement-breakpoint
CREATE INDEX turn_aways_area_at_idx ON turn_aways (area_id, at);
--> statement-breakpoint
CREATE TABLE capacity_facts (
  seq bigint PRIMARY KEY,
  area_id text NOT NULL,
  service_id text NOT NULL,
  at bigint NOT NULL,
  kind text NOT NULL,
  status text NOT NULL,
  in_use integer NOT NULL,
  in_service integer NOT NULL,
  places_adult integer NOT NULL,
  places_under18 integer NOT NULL,
  free_adult integer NOT NULL,
  free_under18 integer NOT NULL,
  confirmed_at bigint NOT NULL,
  sought text
);
--> statement-breakpoint
CREATE INDEX capacity_facts_area_at_idx ON capacity_facts (area_id, at);
--> statement-breakpoint
CREATE INDEX capacity_facts_service_idx ON capacity_facts (service_id, seq);
--> statement-breakpoint
CREATE TABLE postcode_areas (
  postcode text PRIMARY KEY,
  lsoa text NOT NULL
);
--> statement-breakpoint
CREATE TABLE area_deprivation (
  lsoa text PRIMARY KEY,
  decile integer NOT NULL,
  edition text NOT NULL
);
--> statement-breakpoint
-- The logs are append-only (R-IG-AUDIT): no update, delete or truncate, whoever asks.
CREATE FUNCTION concordat_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: a row cannot be %', TG_TABLE_NAME,
    CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END
    USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION concordat_append_only();
--> statement-breakpoint
CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION concordat_append_only();
--> statement-breakpoint
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION concordat_append_only();
--> statement-breakpoint
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log FOR EACH ROW EXECUTE FUNCTION concordat_append_only();
--> statement-breakpoint
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION concordat_append_only();
--> statement-breakpoint
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION concordat_append_only();
--> statement-breakpoint
-- socket.io's PostgreSQL adapter keeps messages over NOTIFY's 8,000 bytes here (server/cluster.ts).
CREATE TABLE socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT now(),
  payload bytea
);
