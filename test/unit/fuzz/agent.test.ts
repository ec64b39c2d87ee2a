import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgentAccepted,
  AgentReply,
  agentSocketPath,
  agentTokenPath,
  askViaAgent,
  startAgentServer,
  type AgentServer,
  type AskRequest,
} from '../../../electron/core/agent';
import { assertCleanError, fuzz, nastyJson, nastyString, outcome, recordCasesOf, within } from './support';

recordCasesOf(import.meta.filename);

const root = mkdtempSync(join(tmpdir(), 'tobira-fuzz-agent-'));
const home = join(root, 'home');
let server: AgentServer;
let token: string;
let answer = '123456';
const asked: AskRequest[] = [];
beforeAll(async () => {
  server = await startAgentServer({
    home,
    requestTimeoutMs: 100,
    onAsk: async (request) => {
      asked.push(request);
      return { value: answer };
    },
  });
  token = readFileSync(agentTokenPath(home), 'utf8').trim();
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

/** Sends raw bytes, half-closes when asked to, and returns whatever came back before the agent closed. */
function exchange(bytes: Buffer, end: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(agentSocketPath(home));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the agent neither answered nor closed'));
    }, 3_000);
    socket.on('connect', () => (end ? socket.end(bytes) : socket.write(bytes)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

const validAsk = () => ({
  v: 1,
  token,
  op: 'ask',
  kind: 'code',
  profile: 'work',
  provider: 'SORACOM',
  label: { key: 'mfa.prompt.label', params: { name: 'work' } },
  requester: { pid: 42, command: 'aws s3 ls', tobira: 'tobira credential-process work' },
});

/** Valid requests with one field replaced, removed or added; or any JSON at all. */
const message = fc.oneof(
  { arbitrary: nastyJson, weight: 2 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'v',
          'token',
          'op',
          'kind',
          'profile',
          'provider',
          'label',
          'requester',
          'extra',
          '__proto__',
        ),
        fc.oneof(nastyJson, fc.constantFrom('ping', 'ask', 'secret', 1, 2, 'x'.repeat(70), '0'.repeat(64))),
        fc.constantFrom('replace', 'delete', 'keep'),
        fc.boolean(),
      )
      .map(([key, value, how, ping]) => {
        const base: Record<string, unknown> = ping
          ? { v: 1, token: 'TOKEN', op: 'ping' }
          : { ...validAsk(), token: 'TOKEN' };
        if (how === 'replace')
          Object.defineProperty(base, key, { value, enumerable: true, configurable: true, writable: true });
        if (how === 'delete') Reflect.deleteProperty(base, key);
        return base;
      }),
    weight: 5,
  },
);

describe('agent socket (fuzz)', () => {
  it('random JSON lines get one valid reply line; only a valid token and a valid request reach the prompt', async () => {
    await fuzz(
      'agent: JSON request over the socket',
      fc.tuple(message, fc.string({ maxLength: 300 })),
      async ([value, typed]) => {
        answer = typed.length > 0 ? typed : '1';
        const text = JSON.stringify(value)?.replace('"TOKEN"', JSON.stringify(token)) ?? 'null';
        const before = asked.length;
        const reply = await exchange(Buffer.from(`${text}\n`), false);
        const lines = reply.split('\n').filter((line) => line !== '');
        const reachedPrompt = asked.length > before;
        // An ask the agent takes on is first acknowledged (AgentAccepted), then answered: one reply line either way.
        if (reachedPrompt) expect(AgentAccepted.parse(JSON.parse(lines.shift() as string))).toBeTruthy();
        expect(lines).toHaveLength(1);
        const parsed = AgentReply.parse(JSON.parse(lines[0] as string));
        if (!text.includes(token)) {
          expect(parsed).toEqual({ ok: false, error: 'unauthorized' });
          expect(reachedPrompt).toBe(false);
        }
        if (parsed.ok && parsed.value !== undefined) expect(parsed.value).toBe(answer);
      },
      {
        numRuns: 300,
        examples: [
          // Found by this fuzzer: an answer longer than the reply schema's 256 characters made reply() throw in a
          // promise chain, an unhandled rejection that ends a Node process (tobira ui).
          [{ ...validAsk(), token: 'TOKEN' }, 'x'.repeat(300)],
        ],
      },
    );
  });

  it('random bytes, truncated lines and oversized input are answered or closed, never hang or crash the agent', async () => {
    await fuzz(
      'agent: raw bytes over the socket',
      fc.oneof(
        fc.uint8Array({ maxLength: 400 }).map((bytes) => ({ bytes: Buffer.from(bytes), end: true })),
        nastyString(100).map((text) => ({ bytes: Buffer.from(`${text}\n`), end: false })),
        fc
          .integer({ min: 16 * 1024 - 2, max: 40 * 1024 })
          .map((size) => ({ bytes: Buffer.alloc(size, 0x7b), end: false })),
        fc.constant({ bytes: Buffer.from('{"v":1,'), end: true }),
        // A partial line, never finished and never ended (found by this fuzzer: the connection stayed open forever).
        fc.constant({ bytes: Buffer.from('{"v":1,"op":"ping"'), end: false }),
      ),
      async ({ bytes, end }) => {
        const reply = await exchange(bytes, end);
        for (const line of reply.split('\n').filter((part) => part !== '')) {
          const raw: unknown = JSON.parse(line);
          expect(AgentReply.safeParse(raw).success || AgentAccepted.safeParse(raw).success).toBe(true);
        }
      },
      { numRuns: 150 },
    );
    // Still serving after all that.
    const ping = await exchange(Buffer.from(`${JSON.stringify({ v: 1, token, op: 'ping' })}\n`), false);
    expect(JSON.parse(ping)).toEqual({ ok: true });
  });
});

describe('agent client against a server answering at random (fuzz)', () => {
  it('askViaAgent gives the value, undefined (fall back to the terminal) or agent.cancelled, within its timeout', async () => {
    const clientHome = join(root, 'client');
    const fake = await startAgentServer({ home: clientHome, onAsk: async () => ({ value: 'x' }) });
    await fake.close();
    // The token file is gone with the server: write one, and serve the socket ourselves.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(agentTokenPath(clientHome), `${'a'.repeat(64)}\n`, { mode: 0o600 });
    let next: Buffer = Buffer.alloc(0);
    let close = false;
    const socketServer = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => (close ? socket.end(next) : socket.write(next)));
    });
    await new Promise<void>((resolve) => socketServer.listen(agentSocketPath(clientHome), resolve));
    try {
      await fuzz(
        'agent: reply read by the CLI',
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              '{"ok":true,"value":"123456"}\n',
              '{"ok":false,"error":"cancelled"}\n',
              '{"ok":false,"error":"unauthorized"}\n',
              '{"ok":true}\n',
            ),
            nastyJson.map((value) => `${JSON.stringify(value)}\n`),
            nastyString(60),
            fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
          ),
          fc.boolean(),
        ),
        async ([reply, end]) => {
          next = Buffer.from(reply);
          close = end;
          const result = await within(3_000, 'askViaAgent', () =>
            outcome(() =>
              askViaAgent(
                clientHome,
                {
                  kind: 'code',
                  profile: 'work',
                  provider: 'SORACOM',
                  label: { key: 'mfa.prompt.label' },
                  requester: { pid: 1, command: null, tobira: 'tobira login work' },
                },
                { answerTimeoutMs: 100, connectTimeoutMs: 300 },
              ),
            ),
          );
          if (result.ok) {
            if (result.value !== undefined) expect(reply).toContain(JSON.stringify(result.value));
          } else expect(assertCleanError(result.error).key).toBe('agent.cancelled');
        },
        { numRuns: 150 },
      );
    } finally {
      await new Promise((resolve) => socketServer.close(resolve));
    }
  });
});
