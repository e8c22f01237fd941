// Pins openapi/v2.json to the published v2 contract; the checks live in test/helpers/reference-pin.ts.
import { pathToFileURL } from 'node:url';
import { pinDocument } from '../helpers/reference-pin.js';

pinDocument({
  document: new URL('../../openapi/v2.json', import.meta.url),
  extensions: new URL('../../openapi/extensions-v2.json', import.meta.url),
  facts: new URL('./reference-facts-v2.json', import.meta.url),
  // The published document lives next to the checkout (shared/reference);
  // BROWSER_USE_REFERENCE_OPENAPI_V2 may point at another copy.
  reference: process.env.BROWSER_USE_REFERENCE_OPENAPI_V2
    ? pathToFileURL(process.env.BROWSER_USE_REFERENCE_OPENAPI_V2)
    : new URL('../../../shared/reference/openapi-v2.json', import.meta.url),
  tags: ['Tasks', 'Sessions', 'Files', 'Profiles', 'Browsers', 'Skills', 'Skills Marketplace', 'Billing'],
});
