export {
  createEndpointClient,
  type EndpointClient,
  type EndpointClientOptions,
  EndpointError,
} from './endpoint-client.js';
