PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_case_facts` (
	`case_id` text PRIMARY KEY NOT NULL,
	`area_id` text NOT NULL,
	`priority` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	`outcome` text,
	`ethnicity` text NOT NULL,
	`sex` text NOT NULL,
	`age_band` text NOT NULL,
	`postcode` text,
	`person_key` text,
	`power` text,
	`detained_at` integer,
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
	`triaged_at` integer,
	`dispatched_at` integer,
	`accepted_at` integer,
	`on_scene_at` integer,
	`left_scene_at` integer,
	`handed_over_at` integer,
	`clear_at` integer
);
--> statement-breakpoint
DROP TABLE `case_facts`;--> statement-breakpoint
ALTER TABLE `__new_case_facts` RENAME TO `case_facts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `case_facts_area_created_idx` ON `case_facts` (`area_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `case_facts_area_detained_idx` ON `case_facts` (`area_id`,`detained_at`);--> statement-breakpoint
CREATE INDEX `case_facts_person_idx` ON `case_facts` (`person_key`,`created_at`);