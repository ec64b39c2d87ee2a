export { startAgentServer } from './server';
export type { AgentServer, AgentServerOptions, AskOutcome } from './server';
export { askViaAgent, currentRequester, commandLineOf, noticeViaAgent } from './client';
export type { AgentAsk, AgentClientOptions, AgentNotice } from './client';
export {
  AGENT_NOTICE_KEYS,
  agentSocketPath,
  agentTokenPath,
  AgentRequest,
  AgentReply,
  AskRequest,
  NoticeRequest,
} from './protocol';
