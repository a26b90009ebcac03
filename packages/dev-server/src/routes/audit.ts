/** The audit log: newest first, paged by offset with a total and a snapshot, filtered. */
import { type Handlers, ok } from '../http';
import { offsetPageNewestFirst } from '../state/pagination';

export const audit = {
  listAuditLog: ({ query }, { state }) => {
    const since = query.since ? Date.parse(String(query.since)) : Number.NEGATIVE_INFINITY;
    const until = query.until ? Date.parse(String(query.until)) : Number.POSITIVE_INFINITY;
    const filtered = Boolean(
      query.agent_id || query.action || query.actor || query.since || query.until,
    );
    const keep = (e: (typeof state.audit)[number]) => {
      const at = Date.parse(e.created_at);
      return (
        (!query.agent_id || e.agent_id === query.agent_id) &&
        (!query.action || e.action === query.action) &&
        (!query.actor || e.actor.id === query.actor) &&
        at >= since &&
        at < until
      );
    };
    return ok(offsetPageNewestFirst(state.audit, query, (e) => e, filtered ? keep : undefined));
  },
} satisfies Handlers;
