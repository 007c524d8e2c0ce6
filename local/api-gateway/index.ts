export { MAX_PAYLOAD_BYTES } from './request-body.ts';
export { startApiGateway } from './server.ts';
export type { ApiGateway, ApiGatewayOptions, ExtraHandler, Route, RouteHandler } from './types.ts';
