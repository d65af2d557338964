-- INSERT OR REPLACE (or REPLACE, or an upsert) whose row clashes with one already in a log would have
-- SQLite delete the old row to make room, and a row removed that way fires no DELETE trigger (recursive
-- triggers are off), so the append-only guard of 0006 was bypassed. These refuse any insert that clashes
-- before it happens: a plain INSERT, which would fail anyway, fails with these words instead. The server
-- always appends a new key, so its appends pass; each check is one lookup in an index the insert reads
-- anyway. `events` also has a unique (stream_id, stream_version): a REPLACE clashing there would remove
-- the row holding that version under any new seq, so it is refused the same way.
CREATE TRIGGER `events_no_replace` BEFORE INSERT ON `events`
WHEN EXISTS (SELECT 1 FROM `events` WHERE `seq` = NEW.`seq`)
BEGIN
  SELECT RAISE(ABORT, 'events is append-only: a row cannot be replaced');
END;--> statement-breakpoint
CREATE TRIGGER `events_no_replace_version` BEFORE INSERT ON `events`
WHEN EXISTS (SELECT 1 FROM `events` WHERE `stream_id` = NEW.`stream_id` AND `stream_version` = NEW.`stream_version`)
BEGIN
  SELECT RAISE(ABORT, 'events is append-only: this stream already has an event with this version');
END;--> statement-breakpoint
CREATE TRIGGER `access_log_no_replace` BEFORE INSERT ON `access_log`
WHEN EXISTS (SELECT 1 FROM `access_log` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'access_log is append-only: a row cannot be replaced');
END;
