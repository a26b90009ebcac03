/** The built-in service catalog: one operation per policy and one slow (async) operation. */
import type { components } from '@tollgate/api';

type Service = components['schemas']['Service'];

export const CATALOG: Service[] = [
  {
    id: 'email',
    name: 'Email',
    description: 'Send email.',
    operations: [
      {
        name: 'send',
        description: 'Send one email.',
        price_micros: 1000,
        policy: 'allow',
        input_schema: { type: 'object', required: ['to'] },
      },
    ],
  },
  {
    id: 'payments',
    name: 'Payments',
    description: 'Move money.',
    operations: [
      {
        name: 'charge',
        description: 'Charge a card; a human approves.',
        price_micros: 5000,
        policy: 'approval_required',
        input_schema: { type: 'object', required: ['amount'] },
      },
    ],
  },
  {
    id: 'data',
    name: 'Data',
    description: 'Data management.',
    operations: [
      {
        name: 'delete',
        description: 'Delete a dataset; never allowed.',
        price_micros: 0,
        policy: 'deny',
        input_schema: { type: 'object' },
      },
    ],
  },
  {
    id: 'research',
    name: 'Research',
    description: 'Long-running research.',
    operations: [
      {
        name: 'report',
        description: 'Write a report (asynchronous).',
        price_micros: 20000,
        policy: 'allow',
        input_schema: { type: 'object' },
      },
    ],
  },
];

/** Operations that answer 202 running and finish later. */
export const ASYNC_OPERATIONS = new Set(['research.report']);

export function findOperation(service: string, operation: string) {
  return CATALOG.find((s) => s.id === service)?.operations.find((o) => o.name === operation);
}
