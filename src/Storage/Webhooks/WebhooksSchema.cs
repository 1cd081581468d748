namespace Lepton.Monitor.Storage;

/// <summary>Migration 8: webhook subscriptions, deliveries and their attempts (PRODUCT.md §6 /v1/subscriptions).</summary>
internal static class WebhooksSchema
{
    public static readonly Migration Migration = new(8, "webhook subscriptions and deliveries", """
        -- secret is kept as issued (whsec_…): signing needs the key itself, so it cannot be hashed like an API key.
        -- previous_secret stays valid (and is signed with too) until previous_secret_until after a rotation.
        -- after_seq: the change feed's last seq when the subscription was made; it is told only of later changes.
        CREATE TABLE webhook_subscriptions (
            id                    TEXT    PRIMARY KEY,
            tenant                TEXT    NOT NULL,
            url                   TEXT    NOT NULL,
            filter                TEXT    NOT NULL,
            types                 TEXT    NOT NULL,
            enabled               INTEGER NOT NULL,
            disabled_reason       TEXT    NULL,
            disabled_at           INTEGER NULL,
            created_at            INTEGER NOT NULL,
            created_by            TEXT    NULL,
            after_seq             INTEGER NOT NULL,
            secret                TEXT    NOT NULL,
            previous_secret       TEXT    NULL,
            previous_secret_until INTEGER NULL,
            failing_since         INTEGER NULL,
            last_success_at       INTEGER NULL,
            grouping              TEXT    NULL
        );
        CREATE INDEX ix_webhook_subscriptions_tenant ON webhook_subscriptions (tenant, id);

        -- One row per (change, subscription): id is the webhook-id (msg_…), stable across retries and replays; body is
        -- the exact payload, so every attempt sends the same bytes. event_seq is NULL for events not from the change
        -- feed (endpoint.disabled); the unique index makes a repeated fan-out of the same change a no-op.
        CREATE TABLE webhook_deliveries (
            id              TEXT    PRIMARY KEY,
            subscription_id TEXT    NOT NULL,
            tenant          TEXT    NOT NULL,
            event_seq       INTEGER NULL,
            alert_id        TEXT    NULL,
            type            TEXT    NOT NULL,
            event_at        INTEGER NOT NULL,
            body            TEXT    NOT NULL,
            state           TEXT    NOT NULL,
            round_attempts  INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            delivered_at    INTEGER NULL,
            last_error      TEXT    NULL
        );
        CREATE UNIQUE INDEX ux_webhook_deliveries_event ON webhook_deliveries (subscription_id, event_seq) WHERE event_seq IS NOT NULL;
        CREATE INDEX ix_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);
        CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';

        -- Every attempt (time, status code, error, duration), kept with its delivery.
        CREATE TABLE webhook_attempts (
            id          INTEGER PRIMARY KEY,
            delivery_id TEXT    NOT NULL,
            at          INTEGER NOT NULL,
            status_code INTEGER NULL,
            error       TEXT    NULL,
            duration_ms INTEGER NOT NULL
        );
        CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

        -- Open groups of grouped subscriptions: alerts is a JSON object alert id -> alert; flush_at is when the group's
        -- next alert.group delivery is due (Wait after it started, Interval after a change once sent, Repeat otherwise).
        CREATE TABLE webhook_groups (
            subscription_id TEXT    NOT NULL,
            group_key       TEXT    NOT NULL,
            tenant          TEXT    NOT NULL,
            alerts          TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            last_sent_at    INTEGER NULL,
            flush_at        INTEGER NOT NULL,
            PRIMARY KEY (subscription_id, group_key)
        ) WITHOUT ROWID;
        CREATE INDEX ix_webhook_groups_due ON webhook_groups (flush_at);

        -- The dispatcher's cursor: the last change-feed seq fanned out, advanced in the fan-out's own transaction.
        CREATE TABLE webhook_state (
            name  TEXT    PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO webhook_state (name, value) VALUES ('dispatched_seq', 0);
        """);
}
