/** The contract's zod (zod/mini) schemas: every component and every operation's parts. */

export { operationSchemas } from './generated/validators';
export * from './generated/zod.gen';
