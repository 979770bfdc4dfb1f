-- Schema version 1 of calendar_sync: the four tables of the published contract (README, "The PostgreSQL schema"),
-- CalendarSync's own columns (each with a default, so an INSERT of the contract's columns works), the change log
-- its triggers keep, and the tombstones of deleted rows. Run by `calsync db migrate` inside one transaction.

CREATE TABLE calendar_sync.appointments (
    staff_id text NOT NULL,
    id text NOT NULL,
    starts_at timestamptz,
    ends_at timestamptz,
    customer_name text NOT NULL,
    title text,
    notes text,
    status text NOT NULL DEFAULT 'booked',
    version bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (staff_id, id),
    CONSTRAINT appointments_staff_id_format CHECK (staff_id ~ '^[A-Za-z0-9._-]{1,128}$'),
    CONSTRAINT appointments_id_format CHECK (id ~ '^[A-Za-z0-9._-]{1,128}$'),
    CONSTRAINT appointments_starts_at_required CHECK (starts_at IS NOT NULL),
    CONSTRAINT appointments_ends_at_required CHECK (ends_at IS NOT NULL),
    CONSTRAINT appointments_ends_at_after_starts_at CHECK (ends_at > starts_at),
    CONSTRAINT appointments_status_booked_or_cancelled CHECK (status IN ('booked', 'cancelled'))
);

CREATE TABLE calendar_sync.blocked_slots (
    staff_id text NOT NULL,
    id text NOT NULL,
    starts_at timestamptz,
    ends_at timestamptz,
    start_date date,
    end_date date,
    summary text,
    source text NOT NULL DEFAULT 'local',
    google_event_id text,
    version bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (staff_id, id),
    CONSTRAINT blocked_slots_staff_id_format CHECK (staff_id ~ '^[A-Za-z0-9._-]{1,128}$'),
    CONSTRAINT blocked_slots_id_format CHECK (id ~ '^[A-Za-z0-9._-]{1,128}$'),
    CONSTRAINT blocked_slots_starts_at_ends_at_or_start_date_end_date CHECK (
        (starts_at IS NOT NULL AND ends_at IS NOT NULL AND start_date IS NULL AND end_date IS NULL)
        OR (starts_at IS NULL AND ends_at IS NULL AND start_date IS NOT NULL AND end_date IS NOT NULL)),
    CONSTRAINT blocked_slots_ends_at_after_starts_at CHECK (ends_at > starts_at),
    CONSTRAINT blocked_slots_end_date_after_start_date CHECK (end_date > start_date),
    CONSTRAINT blocked_slots_source_local_or_google CHECK (source IN ('local', 'google')),
    CONSTRAINT blocked_slots_id_starts_with_g_only_for_source_google CHECK ((source = 'google') = (id LIKE 'g-%')),
    CONSTRAINT blocked_slots_google_event_id_for_source_google CHECK (source = 'local' OR google_event_id IS NOT NULL)
);

CREATE TABLE calendar_sync.availability_exceptions (
    staff_id text NOT NULL,
    id text NOT NULL,
    starts_at timestamptz,
    ends_at timestamptz,
    start_date date,
    end_date date,
    reason text,
    version bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (staff_id, id),
    CONSTRAINT availability_exceptions_staff_id_format CHECK (staff_id ~ '^[A-Za-z0-9._-]{1,128}$'),
    CONSTRAINT availability_exceptions_id_format CHECK (id ~ '^[A-Za-z0-9._-]{1,128}$'),
    CONSTRAINT availability_exceptions_starts_at_ends_at_or_start_date_pair CHECK (
        (starts_at IS NOT NULL AND ends_at IS NOT NULL AND start_date IS NULL AND end_date IS NULL)
        OR (starts_at IS NULL AND ends_at IS NULL AND start_date IS NOT NULL AND end_date IS NOT NULL)),
    CONSTRAINT availability_exceptions_ends_at_after_starts_at CHECK (ends_at > starts_at),
    CONSTRAINT availability_exceptions_end_date_after_start_date CHECK (end_date > start_date)
);

CREATE TABLE calendar_sync.business_closures (
    id text PRIMARY KEY,
    start_date date NOT NULL,
    end_date date NOT NULL,
    name text NOT NULL,
    version bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT business_closures_id_format CHECK (id ~ '^[A-Za-z0-9._-]{1,128}$'),
    CONSTRAINT business_closures_end_date_after_start_date CHECK (end_date > start_date)
);

-- A deleted row, kept (with the version its delete gave it) so the delete reaches the calendar; a closure's staff_id
-- is ''. Purged after Sync__TombstoneRetentionDays; an insert under the same key takes it back.
CREATE TABLE calendar_sync.deleted_items (
    kind text NOT NULL,
    staff_id text NOT NULL,
    id text NOT NULL,
    starts_at timestamptz,
    ends_at timestamptz,
    start_date date,
    end_date date,
    customer_name text,
    title text,
    notes text,
    status text,
    summary text,
    source text,
    google_event_id text,
    reason text,
    name text,
    version bigint NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (kind, staff_id, id)
);

CREATE INDEX deleted_items_updated_at ON calendar_sync.deleted_items (updated_at);

-- The change log: one row per item (its latest change), numbered by the writing transaction's id and a sequence.
-- The feed hands rows out in (xid, seq) order and only those of transactions older than every transaction still
-- running (docs/storage.md, "The change feed on PostgreSQL"), so a late commit is never behind a watermark.
CREATE SEQUENCE calendar_sync.change_seq;

CREATE TABLE calendar_sync.changes (
    kind text NOT NULL,
    staff_id text NOT NULL,
    id text NOT NULL,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    seq bigint NOT NULL DEFAULT nextval('calendar_sync.change_seq'),
    PRIMARY KEY (kind, staff_id, id)
);

CREATE INDEX changes_feed ON calendar_sync.changes (staff_id, xid, seq);

-- Every item as the sync reads it, live or deleted, in one shape.
CREATE VIEW calendar_sync.items AS
    SELECT 'appointment'::text AS kind, staff_id, id, starts_at, ends_at, NULL::date AS start_date, NULL::date AS end_date,
           customer_name, title, notes, status, NULL::text AS summary, NULL::text AS source, NULL::text AS google_event_id,
           NULL::text AS reason, NULL::text AS name, version, updated_at, false AS deleted
    FROM calendar_sync.appointments
    UNION ALL
    SELECT 'block', staff_id, id, starts_at, ends_at, start_date, end_date, NULL, NULL, NULL, NULL, summary, source,
           google_event_id, NULL, NULL, version, updated_at, false
    FROM calendar_sync.blocked_slots
    UNION ALL
    SELECT 'exception', staff_id, id, starts_at, ends_at, start_date, end_date, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           reason, NULL, version, updated_at, false
    FROM calendar_sync.availability_exceptions
    UNION ALL
    SELECT 'closure', '', id, NULL, NULL, start_date, end_date, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, name,
           version, updated_at, false
    FROM calendar_sync.business_closures
    UNION ALL
    SELECT kind, staff_id, id, starts_at, ends_at, start_date, end_date, customer_name, title, notes, status, summary, source,
           google_event_id, reason, name, version, updated_at, true
    FROM calendar_sync.deleted_items;

-- The row's key in the change log and the tombstones: a closure belongs to no staff member.
CREATE FUNCTION calendar_sync.staff_of(item jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(item ->> 'staff_id', '') $$;

-- Before an insert: the version follows the tombstone of a deleted row under the same key, which it takes back.
CREATE FUNCTION calendar_sync.stamp_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    previous bigint;
BEGIN
    DELETE FROM calendar_sync.deleted_items d
    WHERE d.kind = TG_ARGV[0] AND d.staff_id = calendar_sync.staff_of(to_jsonb(NEW)) AND d.id = NEW.id
    RETURNING d.version INTO previous;
    NEW.version := coalesce(previous, 0) + 1;
    NEW.updated_at := now();
    RETURN NEW;
END $$;

-- Before an update: a new version only when something the calendar shows changed; keys and origin never change.
CREATE FUNCTION calendar_sync.stamp_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id OR calendar_sync.staff_of(to_jsonb(NEW)) IS DISTINCT FROM calendar_sync.staff_of(to_jsonb(OLD))
       OR (to_jsonb(NEW) ->> 'source') IS DISTINCT FROM (to_jsonb(OLD) ->> 'source') THEN
        RAISE EXCEPTION 'calendar_sync.%: staff_id, id and source of a row cannot change; delete it and insert a new one', TG_TABLE_NAME
            USING ERRCODE = 'check_violation', COLUMN = 'id';
    END IF;

    IF (to_jsonb(NEW) - 'version' - 'updated_at') = (to_jsonb(OLD) - 'version' - 'updated_at') THEN
        NEW.version := OLD.version;
        NEW.updated_at := OLD.updated_at;
    ELSE
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
    END IF;

    RETURN NEW;
END $$;

-- After an insert or a change: the item's row in the change log moves to this transaction, and listeners hear the staff id.
CREATE FUNCTION calendar_sync.log_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    staff text := calendar_sync.staff_of(to_jsonb(NEW));
BEGIN
    INSERT INTO calendar_sync.changes AS c (kind, staff_id, id) VALUES (TG_ARGV[0], staff, NEW.id)
    ON CONFLICT (kind, staff_id, id) DO UPDATE SET xid = pg_current_xact_id(), seq = nextval('calendar_sync.change_seq');
    PERFORM pg_notify('calendar_sync_changes', staff);
    RETURN NULL;
END $$;

-- After a delete: the row becomes a tombstone one version on, and its change is logged.
CREATE FUNCTION calendar_sync.log_delete() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    staff text := calendar_sync.staff_of(to_jsonb(OLD));
BEGIN
    INSERT INTO calendar_sync.deleted_items
    SELECT * FROM jsonb_populate_record(NULL::calendar_sync.deleted_items, to_jsonb(OLD) || jsonb_build_object(
        'kind', TG_ARGV[0], 'staff_id', staff, 'version', OLD.version + 1, 'updated_at', now()))
    ON CONFLICT (kind, staff_id, id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at;
    INSERT INTO calendar_sync.changes AS c (kind, staff_id, id) VALUES (TG_ARGV[0], staff, OLD.id)
    ON CONFLICT (kind, staff_id, id) DO UPDATE SET xid = pg_current_xact_id(), seq = nextval('calendar_sync.change_seq');
    PERFORM pg_notify('calendar_sync_changes', staff);
    RETURN NULL;
END $$;

CREATE TRIGGER stamp_insert BEFORE INSERT ON calendar_sync.appointments
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.stamp_insert('appointment');
CREATE TRIGGER stamp_update BEFORE UPDATE ON calendar_sync.appointments
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.stamp_update();
CREATE TRIGGER log_insert AFTER INSERT ON calendar_sync.appointments
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.log_change('appointment');
CREATE TRIGGER log_update AFTER UPDATE ON calendar_sync.appointments
    FOR EACH ROW WHEN (NEW.version <> OLD.version) EXECUTE FUNCTION calendar_sync.log_change('appointment');
CREATE TRIGGER log_delete AFTER DELETE ON calendar_sync.appointments
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.log_delete('appointment');

-- Blocks with source 'google' are the sync's: it numbers their versions, and they are not in the feed (they came from it).
CREATE TRIGGER stamp_insert BEFORE INSERT ON calendar_sync.blocked_slots
    FOR EACH ROW WHEN (NEW.source = 'local') EXECUTE FUNCTION calendar_sync.stamp_insert('block');
CREATE TRIGGER stamp_update BEFORE UPDATE ON calendar_sync.blocked_slots
    FOR EACH ROW WHEN (OLD.source = 'local') EXECUTE FUNCTION calendar_sync.stamp_update();
CREATE TRIGGER log_insert AFTER INSERT ON calendar_sync.blocked_slots
    FOR EACH ROW WHEN (NEW.source = 'local') EXECUTE FUNCTION calendar_sync.log_change('block');
CREATE TRIGGER log_update AFTER UPDATE ON calendar_sync.blocked_slots
    FOR EACH ROW WHEN (OLD.source = 'local' AND NEW.version <> OLD.version) EXECUTE FUNCTION calendar_sync.log_change('block');
CREATE TRIGGER log_delete AFTER DELETE ON calendar_sync.blocked_slots
    FOR EACH ROW WHEN (OLD.source = 'local') EXECUTE FUNCTION calendar_sync.log_delete('block');

CREATE TRIGGER stamp_insert BEFORE INSERT ON calendar_sync.availability_exceptions
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.stamp_insert('exception');
CREATE TRIGGER stamp_update BEFORE UPDATE ON calendar_sync.availability_exceptions
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.stamp_update();
CREATE TRIGGER log_insert AFTER INSERT ON calendar_sync.availability_exceptions
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.log_change('exception');
CREATE TRIGGER log_update AFTER UPDATE ON calendar_sync.availability_exceptions
    FOR EACH ROW WHEN (NEW.version <> OLD.version) EXECUTE FUNCTION calendar_sync.log_change('exception');
CREATE TRIGGER log_delete AFTER DELETE ON calendar_sync.availability_exceptions
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.log_delete('exception');

CREATE TRIGGER stamp_insert BEFORE INSERT ON calendar_sync.business_closures
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.stamp_insert('closure');
CREATE TRIGGER stamp_update BEFORE UPDATE ON calendar_sync.business_closures
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.stamp_update();
CREATE TRIGGER log_insert AFTER INSERT ON calendar_sync.business_closures
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.log_change('closure');
CREATE TRIGGER log_update AFTER UPDATE ON calendar_sync.business_closures
    FOR EACH ROW WHEN (NEW.version <> OLD.version) EXECUTE FUNCTION calendar_sync.log_change('closure');
CREATE TRIGGER log_delete AFTER DELETE ON calendar_sync.business_closures
    FOR EACH ROW EXECUTE FUNCTION calendar_sync.log_delete('closure');
