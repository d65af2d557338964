CREATE TABLE `access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`case_id` text NOT NULL,
	`action` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `access_log_case_idx` ON `access_log` (`case_id`);--> statement-breakpoint
CREATE TABLE `areas` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`area_id` text NOT NULL,
	`status` text NOT NULL,
	`priority` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`card` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cases_area_status_idx` ON `cases` (`area_id`,`status`);--> statement-breakpoint
CREATE TABLE `commands` (
	`command_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`actor_id` text NOT NULL,
	`stream_id` text NOT NULL,
	`last_seq` integer NOT NULL,
	`applied_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stream_id` text NOT NULL,
	`stream_version` integer NOT NULL,
	`area_id` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`actor_role` text NOT NULL,
	`command_id` text NOT NULL,
	`occurred_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_stream_version_uq` ON `events` (`stream_id`,`stream_version`);--> statement-breakpoint
CREATE UNIQUE INDEX `events_command_uq` ON `events` (`command_id`,`stream_id`,`stream_version`);--> statement-breakpoint
CREATE INDEX `events_area_seq_idx` ON `events` (`area_id`,`seq`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`organisation` text NOT NULL,
	`area_id` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);