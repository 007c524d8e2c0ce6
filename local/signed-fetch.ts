import { signedPostJson as signed } from '../functions/runtime/signed-fetch.ts';
import { LOCAL_AWS } from './config.ts';

/** POSTs signed JSON to the local runtime; locally the credentials are the fixed "local" pair. */
export function signedPostJson(
  url: string,
  body: unknown,
  credentials: { accessKeyId: string; secretAccessKey: string } = LOCAL_AWS,
  region: string = LOCAL_AWS.region,
): Promise<Response> {
  return signed(url, body, credentials, region);
}
