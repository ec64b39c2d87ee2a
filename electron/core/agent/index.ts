export { startAgentServer } from './server';
export type { AgentServer, AgentServerOptions, AskOutcome } from './server';
export { askViaAgent, currentRequester, noticeViaAgent } from './client';
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
  HANDSHAKE_TIMEOUT_MS,
  MAX_PENDING,
  MAX_PENDING_PER_PROCESS,
  NoticeRequest,
} from './protocol';
