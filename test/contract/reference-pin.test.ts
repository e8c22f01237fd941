// Pins openapi/v3.json to the published v3 contract (test/helpers/reference-pin.ts has the checks).
// BROWSER_USE_REFERENCE_OPENAPI may point at a copy of the published document kept elsewhere.
import { pinDocument } from '../helpers/reference-pin.js';

pinDocument({
  document: new URL('../../openapi/v3.json', import.meta.url),
  extensions: new URL('../../openapi/extensions.json', import.meta.url),
  facts: new URL('./reference-facts.json', import.meta.url),
  reference: { file: 'openapi-v3.json', env: 'BROWSER_USE_REFERENCE_OPENAPI' },
  tags: ['Sessions', 'Browsers', 'Profiles', 'Workspaces', 'Billing'],
});
