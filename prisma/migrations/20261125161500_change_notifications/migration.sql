-- Change notifications for API processes (src/db/notification-hub.ts). Triggers, not application code, send them:
-- a NOTIFY in a trigger is part of the writing transaction, delivered only if it commits, and no write path (API,
-- worker, purge, an operator's psql) can forget it. Prisma's schema engine does not model triggers, so
-- schema.prisma is unchanged.

-- A run's event was appended: its stream viewers wake. Payload: the run id.
CREATE FUNCTION skillplane_notify_run_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('skillplane_run_events', NEW.run_id);
  RETURN NULL;
END
$$;

CREATE TRIGGER skill_run_events_notify AFTER INSERT ON skill_run_events
  FOR EACH ROW EXECUTE FUNCTION skillplane_notify_run_event();

-- A credential or membership changed: every API process drops its cached resolutions. Payload: which cache.
-- PostgreSQL folds identical notifications of one transaction into one.
CREATE FUNCTION skillplane_notify_auth() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('skillplane_auth', TG_ARGV[0]);
  RETURN NULL;
END
$$;

-- Row-level with WHEN, so the once-a-minute `last_used_at` writes of busy keys clear nothing.
CREATE TRIGGER api_keys_notify_auth AFTER UPDATE ON api_keys
  FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
                  OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
                  OR OLD.scopes IS DISTINCT FROM NEW.scopes
                  OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id)
  EXECUTE FUNCTION skillplane_notify_auth('credentials');
CREATE TRIGGER api_keys_delete_notify_auth AFTER DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION skillplane_notify_auth('credentials');

CREATE TRIGGER sessions_notify_auth AFTER UPDATE ON sessions
  FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
  EXECUTE FUNCTION skillplane_notify_auth('credentials');
CREATE TRIGGER sessions_delete_notify_auth AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION skillplane_notify_auth('credentials');

-- A resolved credential carries its user's admin flag.
CREATE TRIGGER users_notify_auth AFTER UPDATE ON users
  FOR EACH ROW WHEN (OLD.is_admin IS DISTINCT FROM NEW.is_admin)
  EXECUTE FUNCTION skillplane_notify_auth('credentials');
CREATE TRIGGER users_delete_notify_auth AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION skillplane_notify_auth('credentials');

-- Inserts too: the cache also remembers that someone is *not* a member.
CREATE TRIGGER memberships_notify_auth AFTER INSERT OR UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION skillplane_notify_auth('memberships');
