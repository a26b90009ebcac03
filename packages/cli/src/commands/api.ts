/** tollgate api METHOD PATH: any request, through the SDK's escape hatch (auth, retries, errors). */
import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors';
import { readStdin } from '../stdin';
import { act, examples } from './action';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const pair = (value: string): [string, string] => {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('expected key=value.');
  return [value.slice(0, at), value.slice(at + 1)];
};
const collect = (value: string, previous: [string, string][] = []) => [...previous, pair(value)];

/** --field values like gh's: true, false, null and numbers are typed; the rest are strings. */
function typed(value: string): unknown {
  if (value === 'true' || value === 'false') return value === 'true';
  if (value === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

async function readInput(source: string): Promise<unknown> {
  const text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--input ${source === '-' ? '(stdin)' : source}: not valid JSON`);
  }
}

export function registerApi(program: Command) {
  examples(
    program
      .command('api')
      .description(
        'send any request to the control plane and print the JSON answer (like `gh api`)',
      )
      .argument('<method>', `HTTP method: ${METHODS.join(', ')}`, (m: string) => {
        if (!METHODS.includes(m.toUpperCase()))
          throw new InvalidArgumentError(`one of ${METHODS.join(', ')}.`);
        return m.toUpperCase();
      })
      .argument('<path>', 'the path, e.g. /v1/agents')
      .option(
        '-F, --field <key=value>',
        'a typed field (true, false, null and numbers are JSON); repeatable',
        collect,
      )
      .option('-f, --raw-field <key=value>', 'a string field; repeatable', collect)
      .option('--input <file>', 'the JSON request body, from a file or - for stdin')
      .action(
        act(async ({ out, client }, [method, path], o) => {
          const fields: Record<string, unknown> = {};
          for (const [k, v] of (o.field as [string, string][] | undefined) ?? [])
            fields[k] = typed(v);
          for (const [k, v] of (o.rawField as [string, string][] | undefined) ?? []) fields[k] = v;
          const bodyless = method === 'GET' || method === 'DELETE';
          const input = o.input === undefined ? undefined : await readInput(String(o.input));
          // Fields are the query of a GET/DELETE (or beside --input), the body otherwise.
          const inQuery = bodyless || input !== undefined;
          const query = inQuery && Object.keys(fields).length ? fields : undefined;
          const body = input ?? (!inQuery ? fields : undefined);
          const result = await client().request(
            method!,
            path!.startsWith('/') ? path! : `/${path}`,
            {
              query: query as Record<string, string | number | boolean>,
              body,
            },
          );
          if (result !== undefined && result !== null && result !== '')
            out.line(JSON.stringify(result, null, 2));
        }),
      ),
    'tollgate api GET /v1/agents --field limit=5',
    'tollgate api POST /v1/agents -f id=research-v1 -f name=Research',
    'tollgate api PUT /v1/agents/research-v1/budget --input budget.json',
    'echo \'{"reason":"incident"}\' | tollgate api POST /v1/agents/research-v1/suspend --input -',
  );
}
