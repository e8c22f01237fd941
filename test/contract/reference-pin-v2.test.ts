// Pins openapi/v2.json to the published v2 contract (test/helpers/reference-pin.ts has the checks).
// BROWSER_USE_REFERENCE_OPENAPI_V2 may point at a copy of the published document kept elsewhere.
import { pinDocument } from '../helpers/reference-pin.js';

pinDocument({
  document: new URL('../../openapi/v2.json', import.meta.url),
  extensions: new URL('../../openapi/extensions-v2.json', import.meta.url),
  facts: new URL('./reference-facts-v2.json', import.meta.url),
  reference: { file: 'openapi-v2.json', env: 'BROWSER_USE_REFERENCE_OPENAPI_V2' },
  tags: ['Tasks', 'Sessions', 'Files', 'Profiles', 'Browsers', 'Skills', 'Skills Marketplace', 'Billing'],
});
