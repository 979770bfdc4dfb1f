-- The sync status of each Google-origin block (the etag and update time of the event that makes it, and the epoch of
-- the full listing that last saw it), written with the block in the same statement: a block and its status are never
-- apart. Blocks written before this version have none; the sync writes each again with its status when a listing names
-- its event.
ALTER TABLE calendar_sync.blocked_slots
    ADD COLUMN sync_etag text,
    ADD COLUMN sync_updated timestamptz,
    ADD COLUMN sync_epoch bigint;
