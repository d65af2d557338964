CREATE TABLE `area_deprivation` (
	`lsoa` text PRIMARY KEY NOT NULL,
	`decile` integer NOT NULL,
	`edition` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_facts` (
	`case_id` text PRIMARY KEY NOT NULL,
	`area_id` text NOT NULL,
	`priority` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`closed_at` text,
	`outcome` text,
	`ethnicity` text NOT NULL,
	`sex` text NOT NULL,
	`age_band` text NOT NULL,
	`postcode` text,
	`person_key` text,
	`power` text,
	`detained_at` text,
	`first_place` text,
	`transport` text,
	`police_vehicle_reason` text,
	`police_station` integer NOT NULL,
	`arrested` integer,
	`under18` integer,
	`duration_minutes` integer,
	`extended` integer NOT NULL,
	`breached` integer NOT NULL,
	`handover_minutes` integer,
	`detention_outcome` text,
	`triaged_at` text,
	`dispatched_at` text,
	`accepted_at` text,
	`on_scene_at` text,
	`left_scene_at` text,
	`handed_over_at` text,
	`clear_at` text
);
--> statement-breakpoint
CREATE INDEX `case_facts_area_created_idx` ON `case_facts` (`area_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `case_facts_area_detained_idx` ON `case_facts` (`area_id`,`detained_at`);--> statement-breakpoint
CREATE INDEX `case_facts_person_idx` ON `case_facts` (`person_key`,`created_at`);--> statement-breakpoint
CREATE TABLE `postcode_areas` (
	`postcode` text PRIMARY KEY NOT NULL,
	`lsoa` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `turn_aways` (
	`seq` integer PRIMARY KEY NOT NULL,
	`area_id` text NOT NULL,
	`service_id` text NOT NULL,
	`service_name` text NOT NULL,
	`category` text NOT NULL,
	`case_id` text NOT NULL,
	`how` text NOT NULL,
	`reason` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `turn_aways_area_at_idx` ON `turn_aways` (`area_id`,`at`);