-- Sessions made before accounts existed end here, first: the users table is rebuilt below, and a
-- session row would hold it by its foreign key.
DELETE FROM `sessions`;--> statement-breakpoint
CREATE TABLE `credentials` (
	`user_id` text PRIMARY KEY NOT NULL,
	`password_hash` text NOT NULL,
	`password_changed_at` text NOT NULL,
	`mfa_secret` text,
	`mfa_last_step` integer,
	`recovery_codes` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`area_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `organisations_area_idx` ON `organisations` (`area_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`organisation` text DEFAULT '' NOT NULL,
	`organisation_id` text DEFAULT '' NOT NULL,
	`area_id` text NOT NULL,
	`password_hash` text DEFAULT '' NOT NULL,
	`contact` text DEFAULT '{"phone":"","email":""}' NOT NULL,
	`is_enabled` integer DEFAULT true NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`must_change_password` integer DEFAULT false NOT NULL,
	`has_mfa` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "username", "display_name", "role", "organisation", "area_id", "password_hash", "created_at") SELECT "id", "username", "display_name", "role", "organisation", "area_id", "password_hash", "created_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
ALTER TABLE `areas` ADD `short_code` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `areas` ADD `is_demo` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `areas` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `areas` ADD `updated_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `stage` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `last_active_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `locked_at` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `pending_mfa_secret` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `user_agent` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `source` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
-- Data written before accounts existed: every such database is a demo (nobody could create a real
-- account), its sessions are ended, and its passwords move to the credentials table. The server
-- refuses a database whose area has no short code and says how to start afresh.
INSERT INTO `credentials` (`user_id`, `password_hash`, `password_changed_at`) SELECT `id`, `password_hash`, `created_at` FROM `users` WHERE `password_hash` != '';--> statement-breakpoint
UPDATE `users` SET `is_demo` = 1, `organisation_id` = `organisation`;
