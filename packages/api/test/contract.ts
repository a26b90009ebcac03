import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The contract, parsed once per test file, for tests that compare generated code against it. */
export const contract = parse(
  readFileSync(fileURLToPath(new URL('../../../openapi/tollgate.yaml', import.meta.url)), 'utf8'),
);

type Node = Record<string, unknown> & { $ref?: string };

export function deref<T = Node>(node: unknown): T {
  let current = node as Node | undefined;
  while (current && typeof current.$ref === 'string') {
    const parts = current.$ref.replace(/^#\//, '').split('/');
    current = parts.reduce<Node | undefined>((acc, part) => acc?.[part] as Node, contract);
  }
  return current as T;
}

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation in the contract with its path and method. */
export function contractOperations() {
  const found: { id: string; path: string; method: string; operation: Node }[] = [];
  for (const [path, item] of Object.entries(contract.paths as Record<string, Node>)) {
    for (const method of METHODS) {
      const operation = item[method] as Node | undefined;
      if (operation) found.push({ id: operation.operationId as string, path, method, operation });
    }
  }
  return found;
}
