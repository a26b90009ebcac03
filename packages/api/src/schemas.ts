/** The contract's zod (zod/mini) schemas: every component, every operation's parts, and the
 * response schemas alone (`responseSchemas`, what a client needs: it leaves request schemas
 * out of bundles). */

export { operationSchemas, responseSchemas } from './generated/validators';
export * from './generated/zod.gen';
