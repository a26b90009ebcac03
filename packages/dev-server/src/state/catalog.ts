/** The built-in service catalog: one operation per policy, and one slow (asynchronous) one. */
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
        description: 'Write a report (asynchronous: 202 running, executed shortly after).',
        price_micros: 20000,
        policy: 'allow',
        input_schema: { type: 'object' },
      },
    ],
  },
];

/** Operations that answer 202 running and finish after the server's work delay. */
export const ASYNC_OPERATIONS = new Set(['research.report']);

export function findOperation(service: string, operation: string) {
  return CATALOG.find((s) => s.id === service)?.operations.find((o) => o.name === operation);
}

/** The payload's missing required fields, per the operation's input_schema. */
export function missingFields(inputSchema: Record<string, unknown>, payload: object): string[] {
  const required: unknown[] = Array.isArray(inputSchema.required) ? inputSchema.required : [];
  return required
    .filter((field): field is string => typeof field === 'string')
    .filter((field) => !(field in payload));
}
