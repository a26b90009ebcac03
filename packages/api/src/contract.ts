/**
 * `@tollgate/api/contract`: the OpenAPI contract these packages were generated from, as text
 * (what a control plane serves at `GET /v1/openapi.yaml`). A separate entry point, so the
 * client bundles that import the main entry never carry it.
 */
export { CONTRACT_YAML } from './generated/contract';
