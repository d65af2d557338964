CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`area_id` text NOT NULL,
	`kind` text NOT NULL,
	`organisation` text NOT NULL,
	`version` integer NOT NULL,
	`hold_count` integer NOT NULL,
	`updated_at` text NOT NULL,
	`service` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `services_area_idx` ON `services` (`area_id`);--> statement-breakpoint
CREATE INDEX `services_holds_idx` ON `services` (`hold_count`);--> statement-breakpoint
ALTER TABLE `events` ADD `stream_kind` text DEFAULT 'case' NOT NULL;