export { startAgentServer } from './server';
export type { AgentServer, AgentServerOptions, AskOutcome } from './server';
export {
  askViaAgent,
  cacheGetViaAgent,
  currentRequester,
  helloAgent,
  noticeViaAgent,
  sessionViaAgent,
} from './client';
export { commandLineOf, identifyPeer, tobiraCommandOf } from './peer';
export type { PeerProcess } from './peer';
export type { AgentAsk, AgentClientOptions, AgentNotice } from './client';
export {
  AGENT_NOTICE_KEYS,
  agentSocketPath,
  agentTokenPath,
  AgentAccepted,
  AgentRequest,
  AgentReply,
  AskRequest,
  CACHE_ID_PATTERN,
  CacheGetRequest,
  HelloRequest,
  SessionRequest,
  HANDSHAKE_TIMEOUT_MS,
  MAX_PENDING,
  MAX_PENDING_PER_PROCESS,
  NoticeRequest,
} from './protocol';
export { startAgentDaemon } from './daemon';
export type { AgentDaemon, AgentDaemonOptions, AgentEnd } from './daemon';
export { MAX_DURATION_MS, parseDuration } from './duration';
