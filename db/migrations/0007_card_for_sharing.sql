-- Cards gained safety information for attendees and a record of break-glass uses, and lost their copy of
-- the notes (each note is a line on the card's timeline). Cards projected before then are brought into line;
-- their first events are read the same way (shared/rules/case-lifecycle).
UPDATE `cases` SET `card` = json_set(`card`, '$.safety', json('{"weapons":false,"violence":false,"addressHazards":false,"note":""}')) WHERE json_type(`card`, '$.safety') IS NULL;
--> statement-breakpoint
UPDATE `cases` SET `card` = json_set(`card`, '$.breakGlass', json('[]')) WHERE json_type(`card`, '$.breakGlass') IS NULL;
--> statement-breakpoint
UPDATE `cases` SET `card` = json_remove(`card`, '$.notes') WHERE json_type(`card`, '$.notes') IS NOT NULL;
