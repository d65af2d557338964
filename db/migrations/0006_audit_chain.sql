ALTER TABLE `access_log` ADD `area_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `access_log` ADD `source` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `access_log` ADD `prev_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `access_log` ADD `hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `access_log_area_idx` ON `access_log` (`area_id`,`id`);--> statement-breakpoint
CREATE INDEX `access_log_user_idx` ON `access_log` (`user_id`,`id`);--> statement-breakpoint
ALTER TABLE `events` ADD `prev_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Entries written before the access log knew its area take their card's.
UPDATE `access_log` SET `area_id` = COALESCE((SELECT `area_id` FROM `cases` WHERE `cases`.`id` = `access_log`.`case_id`), '');--> statement-breakpoint
-- Hash-chain the rows written before the chain existed, oldest first (db/sqlite/hash-chain.ts; the
-- function is the server's own, registered on the connection by db/connection.ts before migrating).
WITH RECURSIVE `chain`(`k`, `prev`, `h`) AS (
  SELECT seq, '0000000000000000000000000000000000000000000000000000000000000000', concordat_chain_hash('events', '0000000000000000000000000000000000000000000000000000000000000000', seq, stream_id, stream_kind, stream_version, area_id, type, payload, actor_id, actor_name, actor_role, command_id, occurred_at)
    FROM `events` WHERE seq = (SELECT MIN(seq) FROM `events`)
  UNION ALL
  SELECT e.seq, c.h, concordat_chain_hash('events', c.h, e.seq, e.stream_id, e.stream_kind, e.stream_version, e.area_id, e.type, e.payload, e.actor_id, e.actor_name, e.actor_role, e.command_id, e.occurred_at)
    FROM `chain` c JOIN `events` e ON e.seq = (SELECT MIN(seq) FROM `events` WHERE seq > c.k)
)
UPDATE `events` SET `prev_hash` = `chain`.`prev`, `hash` = `chain`.`h` FROM `chain` WHERE `events`.seq = `chain`.`k`;--> statement-breakpoint
WITH RECURSIVE `chain`(`k`, `prev`, `h`) AS (
  SELECT id, '0000000000000000000000000000000000000000000000000000000000000000', concordat_chain_hash('access_log', '0000000000000000000000000000000000000000000000000000000000000000', id, user_id, role, case_id, action, at, area_id, source)
    FROM `access_log` WHERE id = (SELECT MIN(id) FROM `access_log`)
  UNION ALL
  SELECT e.id, c.h, concordat_chain_hash('access_log', c.h, e.id, e.user_id, e.role, e.case_id, e.action, e.at, e.area_id, e.source)
    FROM `chain` c JOIN `access_log` e ON e.id = (SELECT MIN(id) FROM `access_log` WHERE id > c.k)
)
UPDATE `access_log` SET `prev_hash` = `chain`.`prev`, `hash` = `chain`.`h` FROM `chain` WHERE `access_log`.id = `chain`.`k`;--> statement-breakpoint
-- From here on both logs are append-only: the database itself refuses UPDATE and DELETE.
CREATE TRIGGER `events_no_update` BEFORE UPDATE ON `events`
BEGIN
  SELECT RAISE(ABORT, 'events is append-only: a row cannot be changed');
END;--> statement-breakpoint
CREATE TRIGGER `events_no_delete` BEFORE DELETE ON `events`
BEGIN
  SELECT RAISE(ABORT, 'events is append-only: a row cannot be deleted');
END;--> statement-breakpoint
CREATE TRIGGER `access_log_no_update` BEFORE UPDATE ON `access_log`
BEGIN
  SELECT RAISE(ABORT, 'access_log is append-only: a row cannot be changed');
END;--> statement-breakpoint
CREATE TRIGGER `access_log_no_delete` BEFORE DELETE ON `access_log`
BEGIN
  SELECT RAISE(ABORT, 'access_log is append-only: a row cannot be deleted');
END;
