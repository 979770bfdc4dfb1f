-- What the sync did to each Google-origin block and why, written in the transaction that writes the block
-- (calsync explain, GET /api/staff/{staffId}/items/{kind}/{id}/history). CalendarSync's own; purged after
-- Sync__ItemHistoryRetentionDays.
CREATE TABLE calendar_sync.item_history (
    entry_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id   text        NOT NULL,
    item_key   text        NOT NULL,
    at         timestamptz NOT NULL,
    action     text        NOT NULL,
    event_id   text,
    reason     text        NOT NULL
);

CREATE INDEX item_history_by_item ON calendar_sync.item_history (staff_id, item_key, at DESC, entry_id DESC);
CREATE INDEX item_history_by_time ON calendar_sync.item_history (at);
