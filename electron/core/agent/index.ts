export { startAgentServer } from './server';
export type { AgentServer, AgentServerOptions, AskOutcome } from './server';
export { askViaAgent, currentRequester } from './client';
export { commandLineOf, identifyPeer, tobiraCommandOf } from './peer';
export type { PeerProcess } from './peer';
export type { AgentAsk, AgentClientOptions } from './client';
export {
  agentSocketPath,
  agentTokenPath,
  AgentAccepted,
  AgentRequest,
  AgentReply,
  AskRequest,
  HANDSHAKE_TIMEOUT_MS,
  MAX_PENDING,
  MAX_PENDING_PER_PROCESS,
} from './protocol';
