export { startAgentServer } from './server';
export type { AgentServer, AgentServerOptions, AskOutcome } from './server';
export { askViaAgent, currentRequester, commandLineOf } from './client';
export type { AgentAsk, AgentClientOptions } from './client';
export { agentSocketPath, agentTokenPath, AgentRequest, AgentReply, AskRequest } from './protocol';
