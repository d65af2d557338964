-- Search (R-SEARCH): one row per card in an FTS5 index, its rowid the card's rowid in `cases`, written in
-- the same transaction as the card. Each column is a searchable card field, already normalised by
-- shared/rules/search.ts (names also by sound). Cards stored before this migration are indexed when the
-- store opens (db/sqlite/case-search.ts).
-- `area_id` is stored, not indexed: a search filters by it as it reads matches, before it ranks them.
CREATE VIRTUAL TABLE `case_search` USING fts5(
  `name`, `name_sound`, `nhs_number`, `date_of_birth`, `phone`, `address`, `ref`, `area_id` UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);--> statement-breakpoint
-- Closed cards, newest first, by area (the closed-cards list).
CREATE INDEX `cases_closed_idx` ON `cases` (`area_id`, json_extract(`card`, '$.closedAt')) WHERE `status` = 'closed';--> statement-breakpoint
-- What changed on a shift (the handover page).
CREATE INDEX `cases_area_updated_idx` ON `cases` (`area_id`, `updated_at`);
