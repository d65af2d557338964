CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`area_id` text NOT NULL,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`accept_by` text,
	`updated_at` text NOT NULL,
	`unit` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `units_area_idx` ON `units` (`area_id`);--> statement-breakpoint
CREATE INDEX `units_accept_by_idx` ON `units` (`accept_by`);