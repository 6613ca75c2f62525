-- A response's event was appended: its stream viewers (src/responses/event-feed.ts) wake. Payload: the response id.
-- As for run events (migration change_notifications): a trigger, so the NOTIFY is part of the appending transaction.
CREATE FUNCTION skillplane_notify_response_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('skillplane_response_events', NEW.response_id);
  RETURN NULL;
END
$$;

-- Per statement would do for one writer's batch, but rows carry the response id and a batch is one response's.
CREATE TRIGGER response_events_notify AFTER INSERT ON response_events
  FOR EACH ROW EXECUTE FUNCTION skillplane_notify_response_event();
