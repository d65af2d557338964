ALTER TABLE `users` DROP COLUMN `organisation`;--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `password_hash`;