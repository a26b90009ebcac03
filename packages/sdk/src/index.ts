/**
 * @tollgate/sdk: the Tollgate client. Runs on Node 20+, Bun, Deno, browsers and edge
 * runtimes (fetch and WebCrypto only); Node-only parts live in `@tollgate/sdk/node`.
 */

export { CONTROL_PLANE_VERSION, SDK_VERSION } from '@tollgate/api';
export { type RawRequestOptions, Tollgate } from './client';
export { APIPromise, type WithResponse } from './core/api-promise';
export {
  AbortError,
  AgentSuspendedError,
  APIError,
  AuthenticationError,
  BadRequestError,
  BudgetExceededError,
  CertificateVerificationError,
  ConfigFileError,
  ConflictError,
  ConnectionError,
  CredentialStoreError,
  IdempotencyConflictError,
  InternalServerError,
  MissingCredentialError,
  NotFoundError,
  PermissionDeniedError,
  type Problem,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  TollgateError,
  ValidationError,
} from './core/errors';
export type { Logger, LogLevel } from './core/logger';
export type {
  AgentOperationId,
  AgentView,
  BodyOf,
  ItemOf,
  PathOf,
  QueryOf,
  ResponseOf,
} from './core/operation-types';
export type { ClientCredentials, TollgateOptions, ValidationMode } from './core/options';
export { Page, PagePromise } from './core/pagination';
export type { PollOptions } from './core/polling';
export type { RequestOptions } from './core/request-options';
export { RetryBudget, type RetryBudgetOptions } from './core/retry-budget';
export type { AgentFetch } from './identity/agent-fetch';
export type {
  AgentApprovals,
  AgentRuns,
  AgentServiceRequests,
  AgentServices,
  AgentTools,
  LlmProvider,
  RegisterOptions,
} from './identity/agent-identity';
export {
  type CredentialStore,
  MemoryCredentialStore,
  type StoredCredentials,
} from './identity/credential-store';
export { AgentIdentity } from './identity/identity-class';
export type {
  LlmClientClass,
  LlmClientFactory,
  LlmClientOf,
  LlmClientOptions,
  LlmOptionsOf,
} from './identity/llm-clients';
export type { Agent, Budget } from './resources/agents';
export type { Approval } from './resources/approvals';
export type { BudgetGroup } from './resources/budget-groups';
export type { Run, RunEvent, StreamOptions } from './resources/runs';
export { TERMINAL_RUN_STATUSES } from './resources/runs';
export type { ServiceRequest } from './resources/service-requests';
export type { Tool } from './resources/tools';
export {
  statusOf,
  TOOL_STATUSES,
  type ToolResult,
  type ToolStatus,
  toolResult,
  toolResultOfError,
} from './tool-status';
export {
  SIGNATURE_HEADER,
  signWebhook,
  type VerifyOptions,
  verifyWebhook,
  WebhookVerificationError,
  WebhookVerifier,
} from './webhooks';
