// Pins openapi/v3.json to the published v3 contract; the checks live in test/helpers/reference-pin.ts.
import { pathToFileURL } from 'node:url';
import { pinDocument } from '../helpers/reference-pin.js';

pinDocument({
  document: new URL('../../openapi/v3.json', import.meta.url),
  extensions: new URL('../../openapi/extensions.json', import.meta.url),
  facts: new URL('./reference-facts.json', import.meta.url),
  // The published document lives next to the checkout (shared/reference);
  // BROWSER_USE_REFERENCE_OPENAPI may point at another copy.
  reference: process.env.BROWSER_USE_REFERENCE_OPENAPI
    ? pathToFileURL(process.env.BROWSER_USE_REFERENCE_OPENAPI)
    : new URL('../../../shared/reference/openapi-v3.json', import.meta.url),
  tags: ['Sessions', 'Browsers', 'Profiles', 'Workspaces', 'Billing'],
});
