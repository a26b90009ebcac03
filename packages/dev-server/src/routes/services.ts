/** The service catalog and governed service requests, for agents and operators. */
import { type Handlers, ok, reply } from '../http';
import { notFound } from '../middleware/problem';
import { CATALOG } from '../state/catalog';
import { governServiceRequest, serviceRequestView } from '../state/service-requests';
import { actingAgent } from './acting-agent';

export const services = {
  listServices: () => ok({ data: CATALOG }),
  createServiceRequest: async (ctx, deps) => {
    const b = ctx.body;
    const agentId = actingAgent(ctx, b.agent_id);
    const request = await governServiceRequest(deps, agentId, b.service, b.operation, b.payload);
    deps.state.record(
      ctx.principal,
      'service_request.created',
      ctx.requestId,
      { type: 'service_request', id: request.id },
      { status: request.status, service: b.service, operation: b.operation },
    );
    return reply(request.status === 'running' ? 202 : 200, serviceRequestView(request));
  },
  getServiceRequest: (ctx, { state }) => {
    const request = state.serviceRequests.get(ctx.path.request_id);
    // An agent sees only its own requests; others are as good as absent.
    if (!request || (ctx.principal.type === 'agent' && request.agent_id !== ctx.principal.agentId))
      throw notFound(`service request ${ctx.path.request_id}`);
    return ok(serviceRequestView(request));
  },
} satisfies Handlers;
