CREATE TABLE "access_log" (
	"id" bigint PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"case_id" text NOT NULL,
	"action" text NOT NULL,
	"at" text NOT NULL,
	"area_id" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "area_deprivation" (
	"lsoa" text PRIMARY KEY NOT NULL,
	"decile" integer NOT NULL,
	"edition" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "areas" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"short_code" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "capacity_facts" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"area_id" text NOT NULL,
	"service_id" text NOT NULL,
	"at" bigint NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"in_use" integer NOT NULL,
	"in_service" integer NOT NULL,
	"places_adult" integer NOT NULL,
	"places_under18" integer NOT NULL,
	"free_adult" integer NOT NULL,
	"free_under18" integer NOT NULL,
	"confirmed_at" bigint NOT NULL,
	"sought" text
);
--> statement-breakpoint
CREATE TABLE "case_facts" (
	"case_id" text PRIMARY KEY NOT NULL,
	"area_id" text NOT NULL,
	"priority" text NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL,
	"closed_at" bigint,
	"outcome" text,
	"ethnicity" text NOT NULL,
	"sex" text NOT NULL,
	"age_band" text NOT NULL,
	"postcode" text,
	"person_key" text,
	"power" text,
	"detained_at" bigint,
	"first_place" text,
	"transport" text,
	"police_vehicle_reason" text,
	"police_station" boolean NOT NULL,
	"arrested" boolean,
	"under18" boolean,
	"duration_minutes" integer,
	"extended" boolean NOT NULL,
	"breached" boolean NOT NULL,
	"handover_minutes" integer,
	"detention_outcome" text,
	"triaged_at" bigint,
	"dispatched_at" bigint,
	"accepted_at" bigint,
	"on_scene_at" bigint,
	"left_scene_at" bigint,
	"handed_over_at" bigint,
	"clear_at" bigint
);
--> statement-breakpoint
CREATE TABLE "case_search" (
	"case_id" text PRIMARY KEY NOT NULL,
	"area_id" text NOT NULL,
	"created_at" text NOT NULL,
	"words" "tsvector" NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" text PRIMARY KEY NOT NULL,
	"area_id" text NOT NULL,
	"status" text NOT NULL,
	"priority" text NOT NULL,
	"version" integer NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"card" json NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commands" (
	"command_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"actor_id" text NOT NULL,
	"stream_id" text NOT NULL,
	"last_seq" bigint NOT NULL,
	"applied_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"user_id" text PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"password_changed_at" text NOT NULL,
	"mfa_secret" text,
	"mfa_last_step" bigint,
	"recovery_codes" text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"stream_id" text NOT NULL,
	"stream_kind" text NOT NULL,
	"stream_version" integer NOT NULL,
	"area_id" text NOT NULL,
	"type" text NOT NULL,
	"payload" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_name" text NOT NULL,
	"actor_role" text NOT NULL,
	"command_id" text NOT NULL,
	"occurred_at" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handover_notes" (
	"id" text PRIMARY KEY NOT NULL,
	"area_id" text NOT NULL,
	"shift_start" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" text NOT NULL,
	"note" json NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" text PRIMARY KEY NOT NULL,
	"area_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postcode_areas" (
	"postcode" text PRIMARY KEY NOT NULL,
	"lsoa" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" text PRIMARY KEY NOT NULL,
	"area_id" text NOT NULL,
	"kind" text NOT NULL,
	"organisation" text NOT NULL,
	"version" integer NOT NULL,
	"hold_count" integer NOT NULL,
	"updated_at" text NOT NULL,
	"service" json NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"id" text DEFAULT '' NOT NULL,
	"user_id" text NOT NULL,
	"stage" text DEFAULT 'active' NOT NULL,
	"created_at" text NOT NULL,
	"expires_at" text NOT NULL,
	"last_active_at" text DEFAULT '' NOT NULL,
	"locked_at" text,
	"pending_mfa_secret" text,
	"failures" integer DEFAULT 0 NOT NULL,
	"user_agent" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "socket_io_attachments" (
	"id" bigserial NOT NULL,
	"created_at" timestamp with time zone DEFAULT now(),
	"payload" "bytea",
	CONSTRAINT "socket_io_attachments_id_key" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "turn_aways" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"area_id" text NOT NULL,
	"service_id" text NOT NULL,
	"service_name" text NOT NULL,
	"category" text NOT NULL,
	"case_id" text NOT NULL,
	"how" text NOT NULL,
	"reason" text NOT NULL,
	"at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" text PRIMARY KEY NOT NULL,
	"area_id" text NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"accept_by" text,
	"updated_at" text NOT NULL,
	"unit" json NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"organisation_id" text DEFAULT '' NOT NULL,
	"area_id" text NOT NULL,
	"contact" text DEFAULT '{"phone":"","email":""}' NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"has_mfa" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_area_id_fkey" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_log_area_idx" ON "access_log" USING btree ("area_id","id");--> statement-breakpoint
CREATE INDEX "access_log_case_idx" ON "access_log" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "access_log_user_idx" ON "access_log" USING btree ("user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "areas_short_code_unique" ON "areas" USING btree ("short_code");--> statement-breakpoint
CREATE INDEX "capacity_facts_area_at_idx" ON "capacity_facts" USING btree ("area_id","at");--> statement-breakpoint
CREATE INDEX "capacity_facts_service_idx" ON "capacity_facts" USING btree ("service_id","seq");--> statement-breakpoint
CREATE INDEX "case_facts_area_created_idx" ON "case_facts" USING btree ("area_id","created_at");--> statement-breakpoint
CREATE INDEX "case_facts_area_detained_idx" ON "case_facts" USING btree ("area_id","detained_at");--> statement-breakpoint
CREATE INDEX "case_facts_person_idx" ON "case_facts" USING btree ("person_key","created_at");--> statement-breakpoint
CREATE INDEX "case_search_words_idx" ON "case_search" USING gin ("words");--> statement-breakpoint
CREATE INDEX "case_search_area_created_idx" ON "case_search" USING btree ("area_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_area_status_idx" ON "cases" USING btree ("area_id","status");--> statement-breakpoint
CREATE INDEX "cases_area_updated_idx" ON "cases" USING btree ("area_id","updated_at");--> statement-breakpoint
CREATE INDEX "cases_closed_idx" ON "cases" USING btree ("area_id",("card" ->> 'closedAt')) WHERE "cases"."status" = 'closed';--> statement-breakpoint
CREATE UNIQUE INDEX "events_stream_version_uq" ON "events" USING btree ("stream_id","stream_version");--> statement-breakpoint
CREATE INDEX "events_area_seq_idx" ON "events" USING btree ("area_id","seq");--> statement-breakpoint
CREATE INDEX "events_kind_seq_idx" ON "events" USING btree ("stream_kind","seq");--> statement-breakpoint
CREATE INDEX "events_unit_case_idx" ON "events" USING btree ((("payload"::json) ->> 'caseId')) WHERE "events"."stream_kind" = 'unit';--> statement-breakpoint
CREATE INDEX "events_hold_case_idx" ON "events" USING btree ((("payload"::json) -> 'hold' ->> 'caseId')) WHERE "events"."stream_kind" = 'service';--> statement-breakpoint
CREATE INDEX "events_hold_idx" ON "events" USING btree ((("payload"::json) ->> 'holdId')) WHERE "events"."stream_kind" = 'service';--> statement-breakpoint
CREATE INDEX "handover_notes_area_shift_idx" ON "handover_notes" USING btree ("area_id","shift_start");--> statement-breakpoint
CREATE INDEX "organisations_area_idx" ON "organisations" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "services_area_idx" ON "services" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "services_holds_idx" ON "services" USING btree ("hold_count");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "turn_aways_area_at_idx" ON "turn_aways" USING btree ("area_id","at");--> statement-breakpoint
CREATE INDEX "units_area_idx" ON "units" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "units_accept_by_idx" ON "units" USING btree ("accept_by");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_unique" ON "users" USING btree ("username");