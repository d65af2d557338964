-- A card's timeline also shows what happened on the streams that concern it (R-LINK-TIMELINE): the units
-- sent to it (their events carry the card's id) and the places held for it (the hold's placement carries
-- the card's id; its later events carry the hold's id). These partial expression indexes let the query
-- find them without reading the whole log.
CREATE INDEX `events_unit_case_idx` ON `events` (json_extract(`payload`, '$.caseId')) WHERE `stream_kind` = 'unit';--> statement-breakpoint
CREATE INDEX `events_hold_case_idx` ON `events` (json_extract(`payload`, '$.hold.caseId')) WHERE `stream_kind` = 'service';--> statement-breakpoint
CREATE INDEX `events_hold_idx` ON `events` (json_extract(`payload`, '$.holdId')) WHERE `stream_kind` = 'service';
