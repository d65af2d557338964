CREATE TABLE `handover_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`area_id` text NOT NULL,
	`shift_start` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL,
	`note` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `handover_notes_area_shift_idx` ON `handover_notes` (`area_id`,`shift_start`);