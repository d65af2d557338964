CREATE TABLE `capacity_facts` (
	`seq` integer PRIMARY KEY NOT NULL,
	`area_id` text NOT NULL,
	`service_id` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`in_use` integer NOT NULL,
	`in_service` integer NOT NULL,
	`places_adult` integer NOT NULL,
	`places_under18` integer NOT NULL,
	`free_adult` integer NOT NULL,
	`free_under18` integer NOT NULL,
	`confirmed_at` integer NOT NULL,
	`sought` text
);
--> statement-breakpoint
CREATE INDEX `capacity_facts_area_at_idx` ON `capacity_facts` (`area_id`,`at`);--> statement-breakpoint
CREATE INDEX `capacity_facts_service_idx` ON `capacity_facts` (`service_id`,`seq`);