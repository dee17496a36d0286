export {
  type BrowserStateSlot,
  browserStatePrefix,
  browserStateSlot,
  clearBrowserState,
} from './browser-state.js';
export {
  createEndpointClient,
  type EndpointClient,
  type EndpointClientOptions,
  EndpointError,
} from './endpoint-client.js';
export {
  type ProcedureInput,
  type ProcedureOutput,
  type RouterClient,
  type RouterProcedures,
  routerClient,
} from './router-client.js';
